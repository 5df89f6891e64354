package io.apisec.gateway.ratelimit;

import java.util.Objects;

/** One limit of a route: the policy, and whose budget it counts ({@link RateKey}). */
public record RateRule(RatePolicy policy, RateKey key) {

    public RateRule {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(key, "key");
    }

    /** Per client (per address on a public route): the default. */
    public static RateRule perClient(RatePolicy policy) {
        return new RateRule(policy, RateKey.CLIENT);
    }
}
