package io.apisec.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * GCRA in process, for one gateway node. Keys (client ids, addresses, subjects: chosen by callers) are kept in
 * a bounded map, each until its bucket is full again (its theoretical arrival time), so a flood of new keys costs
 * bounded memory and a long window is never cut short; when the bound is reached, the least useful keys go first
 * (a forgotten key starts with a full burst).
 */
public final class LocalRateLimiter implements RateLimiter {

    private final Clock clock;
    private final Cache<String, Long> tats;

    /** @param maxKeys the most keys remembered at once */
    public LocalRateLimiter(long maxKeys, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tats = Caffeine.newBuilder().maximumSize(maxKeys)
                .expireAfter(new ExpiresAtValue())
                .ticker(this::nanos).executor(Runnable::run).build();
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        return Future.succeededFuture(decide(key, policy));
    }

    /** Decides at once (no I/O): the same as {@link #acquire}, for callers off the event loop or in tests. */
    public RateDecision decide(String key, RatePolicy policy) {
        // One bucket per policy and key: a key limited by two policies has two buckets. compute is atomic per key.
        RateDecision[] decision = new RateDecision[1];
        tats.asMap().compute(policy.name() + '\u0000' + key, (k, tat) -> {
            Gcra.Step step = Gcra.step(policy, tat == null ? Long.MIN_VALUE : tat, nanos());
            decision[0] = step.decision();
            return step.newTat();
        });
        return decision[0];
    }

    /**
     * Gives back one request {@link #decide} let through (it turned out not to count): the key's bucket regains
     * what that request used, never more than full.
     */
    public void refund(String key, RatePolicy policy) {
        long now = nanos();
        tats.asMap().computeIfPresent(policy.name() + '\u0000' + key, (k, tat) -> {
            long refunded = tat - policy.emissionIntervalNanos();
            return refunded <= now ? null : refunded;
        });
    }

    /** How many keys are remembered now (for tests of the bound). */
    public long keyCount() {
        tats.cleanUp();
        return tats.estimatedSize();
    }

    private long nanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
