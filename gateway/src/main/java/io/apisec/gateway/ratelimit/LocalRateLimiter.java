package io.apisec.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * GCRA in process, for one gateway node. Keys (client ids, addresses, subjects: chosen by callers) are kept in
 * a bounded map and forgotten once their bucket is full again, so a flood of new keys costs bounded memory;
 * when the bound is reached, the least useful keys go first (a forgotten key starts with a full burst).
 */
public final class LocalRateLimiter implements RateLimiter {

    private final Clock clock;
    private final Cache<String, long[]> tats;

    /**
     * @param maxKeys   the most keys remembered at once
     * @param maxWindow the longest window of any policy used with this limiter: a key idle that long is full again
     */
    public LocalRateLimiter(long maxKeys, Duration maxWindow, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tats = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfterAccess(maxWindow.toNanos(), TimeUnit.NANOSECONDS)
                .ticker(this::nanos).executor(Runnable::run).build();
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        return Future.succeededFuture(decide(key, policy));
    }

    /** Decides at once (no I/O): the same as {@link #acquire}, for callers off the event loop or in tests. */
    public RateDecision decide(String key, RatePolicy policy) {
        // One bucket per policy and key: a key limited by two policies has two buckets.
        long[] tat = tats.get(policy.name() + '\u0000' + key, k -> new long[] {Long.MIN_VALUE});
        synchronized (tat) {
            Gcra.Step step = Gcra.step(policy, tat[0], nanos());
            tat[0] = step.newTat();
            return step.decision();
        }
    }

    /** How many keys are remembered now (for tests of the bound). */
    long keyCount() {
        tats.cleanUp();
        return tats.estimatedSize();
    }

    private long nanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
