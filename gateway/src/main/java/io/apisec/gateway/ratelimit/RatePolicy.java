package io.apisec.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A rate limit: {@code limit} requests per {@code window}, at most {@code burst} of them at once (GCRA: one
 * request every window/limit, with a tolerance of {@code burst} requests).
 *
 * @param name   the policy's name in {@code RateLimit}/{@code RateLimit-Policy} headers (an sf-token)
 * @param limit  requests per window, at least 1
 * @param window the window, at least one millisecond
 * @param burst  how many requests may arrive at once, from 1 to {@code limit}
 */
public record RatePolicy(String name, long limit, Duration window, long burst) {

    public RatePolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        if (!name.matches("[a-z*][a-z0-9_\\-.*]{0,63}")) {
            throw new IllegalArgumentException("a policy name is a lower-case token of at most 64 characters");
        }
        if (limit < 1 || window.toMillis() < 1 || burst < 1 || burst > limit) {
            throw new IllegalArgumentException("need limit >= 1, window >= 1 ms, 1 <= burst <= limit");
        }
    }

    /** The whole limit may arrive at once. */
    public static RatePolicy of(String name, long limit, Duration window) {
        return new RatePolicy(name, limit, window, limit);
    }

    /** The time one request uses up: window / limit, in nanoseconds (at least 1). */
    long emissionIntervalNanos() {
        return Math.max(1, window.toNanos() / limit);
    }

    /** The {@code RateLimit-Policy} header value (draft-ietf-httpapi-ratelimit-headers). */
    public String policyHeader() {
        return "\"" + name + "\";q=" + limit + ";w=" + Math.max(1, window.toSeconds());
    }
}
