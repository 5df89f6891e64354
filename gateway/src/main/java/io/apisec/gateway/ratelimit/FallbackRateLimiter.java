package io.apisec.gateway.ratelimit;

import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared limiter, and what happens while its store cannot decide, as configured: this node's own limits
 * ("fail open to local limits": never unlimited) or the failure itself ("fail closed": the request is refused
 * with 503). Either way counted ({@link #storeFailures()}, a metric) and said in the log at most once a minute.
 */
public final class FallbackRateLimiter implements RateLimiter {

    private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimiter.class);
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final RateLimiter shared;
    private final Optional<RateLimiter> local;
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong storeFailures = new AtomicLong();

    private FallbackRateLimiter(RateLimiter shared, Optional<RateLimiter> local) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.local = local;
    }

    /** While the shared store cannot decide, {@code local} does. */
    public static FallbackRateLimiter toLocal(RateLimiter shared, RateLimiter local) {
        return new FallbackRateLimiter(shared, Optional.of(Objects.requireNonNull(local, "local")));
    }

    /** While the shared store cannot decide, nothing does: the decision fails. */
    public static FallbackRateLimiter failClosed(RateLimiter shared) {
        return new FallbackRateLimiter(shared, Optional.empty());
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        return shared.acquire(key, policy).recover(failure -> {
            storeFailures.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLogged.get();
            if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
                LOG.warn("The shared rate-limit store cannot decide ({}); {}", failure.getMessage(), local.isPresent()
                        ? "this node applies its own limits" : "requests with rate limits are refused (fail closed)");
            }
            return local.map(limiter -> limiter.acquire(key, policy)).orElseGet(() -> Future.failedFuture(failure));
        });
    }

    /** How many decisions the shared store could not make (and the local limiter made, or nobody did). */
    public long storeFailures() {
        return storeFailures.get();
    }
}
