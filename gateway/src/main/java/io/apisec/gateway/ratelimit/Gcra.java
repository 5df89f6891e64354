package io.apisec.gateway.ratelimit;

import java.time.Duration;

/**
 * The generic cell rate algorithm, as one pure step shared by the limiters: from the stored theoretical
 * arrival time (TAT) and the current time, the verdict and the TAT to store. Times in nanoseconds on one clock.
 */
final class Gcra {

    private Gcra() {
    }

    /** A verdict and the TAT to store (unchanged when refused). */
    record Step(RateDecision decision, long newTat) {
    }

    /**
     * @param tat the stored TAT, or {@code Long.MIN_VALUE} for a key never seen
     * @param now the current time
     */
    static Step step(RatePolicy policy, long tat, long now) {
        long interval = policy.emissionIntervalNanos();
        long tolerance = interval * policy.burst();
        long start = Math.max(tat, now);
        long newTat = start + interval;
        long allowAt = newTat - tolerance;
        if (now < allowAt) {
            long remaining = 0;
            return new Step(new RateDecision(policy, false, remaining, Duration.ofNanos(Math.max(0, tat - now)),
                    Duration.ofNanos(allowAt - now)), tat);
        }
        long remaining = (tolerance - (newTat - now)) / interval;
        return new Step(new RateDecision(policy, true, Math.max(0, remaining), Duration.ofNanos(newTat - now),
                Duration.ZERO), newTat);
    }
}
