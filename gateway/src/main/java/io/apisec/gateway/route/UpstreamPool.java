package io.apisec.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Which of a route's upstreams takes the next request: each in turn, passing over one that failed
 * {@link #FAILURES_TO_REST} times in a row (no connection, no answer in time) until it has rested
 * {@link #REST_MILLIS}; a success makes it whole again. When every one is resting, the one that rested longest
 * is tried: a route is never refused for its upstreams' past alone. Passive: it learns only from real requests.
 */
public final class UpstreamPool {

    static final int FAILURES_TO_REST = 3;
    static final long REST_MILLIS = 10_000;

    private final List<URI> targets;
    private final LongSupplier clock;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLongArray failures;
    private final AtomicLongArray restingUntil;

    /** @param clock milliseconds, such as {@code System::currentTimeMillis} */
    public UpstreamPool(List<URI> targets, LongSupplier clock) {
        this.targets = List.copyOf(targets);
        this.clock = clock;
        this.failures = new AtomicLongArray(targets.size());
        this.restingUntil = new AtomicLongArray(targets.size());
    }

    public List<URI> targets() {
        return targets;
    }

    /** The index of the upstream for the next attempt, the ones in {@code tried} excepted when others remain. */
    public int pick(boolean[] tried) {
        long now = clock.getAsLong();
        int size = targets.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        int restedLongest = -1;
        for (int step = 0; step < size; step++) {
            int candidate = (start + step) % size;
            if (tried[candidate]) {
                continue;
            }
            if (restingUntil.get(candidate) <= now) {
                return candidate;
            }
            if (restedLongest < 0 || restingUntil.get(candidate) < restingUntil.get(restedLongest)) {
                restedLongest = candidate;
            }
        }
        return restedLongest;
    }

    public void succeeded(int index) {
        failures.set(index, 0);
        restingUntil.set(index, 0);
    }

    public void failed(int index) {
        if (failures.incrementAndGet(index) >= FAILURES_TO_REST) {
            restingUntil.set(index, clock.getAsLong() + REST_MILLIS);
        }
    }

    /** Whether the upstream at {@code index} is resting now (for tests and metrics). */
    public boolean resting(int index) {
        return restingUntil.get(index) > clock.getAsLong();
    }
}
