package io.apisec.gateway.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * One request's verdict under a {@link RatePolicy}.
 *
 * @param allowed    whether the request may pass
 * @param remaining  how many more requests would pass right now
 * @param resetAfter how long until the full burst is available again
 * @param retryAfter when refused, how long until one request would pass; zero when allowed
 */
public record RateDecision(RatePolicy policy, boolean allowed, long remaining, Duration resetAfter, Duration retryAfter) {

    public RateDecision {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The {@code RateLimit} header value: remaining quota and seconds to reset, rounded up. */
    public String rateLimitHeader() {
        return "\"" + policy.name() + "\";r=" + remaining + ";t=" + ceilSeconds(resetAfter);
    }

    /** The {@code Retry-After} header value in whole seconds, rounded up, at least 1. */
    public String retryAfterHeader() {
        return retryAfterHeader(retryAfter);
    }

    /** A {@code Retry-After} value for a wait: whole seconds, rounded up, at least one. */
    public static String retryAfterHeader(Duration wait) {
        return Long.toString(Math.max(1, ceilSeconds(wait)));
    }

    private static long ceilSeconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }
}
