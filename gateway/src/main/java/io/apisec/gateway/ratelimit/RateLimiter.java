package io.apisec.gateway.ratelimit;

import io.vertx.core.Future;

/**
 * Decides whether one more request under {@code key} fits {@code policy}. Two implementations: in process
 * (one gateway) and Redis (several gateways sharing one budget). The future fails only when the limiter
 * cannot decide (its store is unreachable); the caller then applies its configured failure policy.
 */
public interface RateLimiter {

    Future<RateDecision> acquire(String key, RatePolicy policy);
}
