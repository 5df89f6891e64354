package io.apisec.gateway.ratelimit;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared limiter, and this node's own limits while the shared store cannot decide (the "fail open to local
 * limits" policy): never unlimited, and said in the log at most once a minute.
 */
public final class FallbackRateLimiter implements RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimiter.class);
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final RateLimiter shared;
    private final RateLimiter local;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong fallbacks = new AtomicLong();

    public FallbackRateLimiter(RateLimiter shared, RateLimiter local) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        return shared.acquire(key, policy).recover(failure -> {
            fallbacks.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLogged.get();
            if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
                LOG.warn("The shared rate-limit store cannot decide ({}); this node applies its own limits",
                        failure.getMessage());
            }
            return local.acquire(key, policy);
        });
    }

    /** How many decisions the local limiter made in place of the shared one. */
    public long fallbacks() {
        return fallbacks.get();
    }
}
