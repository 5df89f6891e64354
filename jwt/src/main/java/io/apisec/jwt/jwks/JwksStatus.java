package io.apisec.jwt.jwks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link JwksKeySource} reports for health checks and metrics.
 *
 * @param health          UP, DEGRADED (serving the last-known-good keys while fetches fail) or DOWN
 * @param fetches         fetch attempts so far, successful or not
 * @param failures        failed fetch attempts so far
 * @param keysHeld        verification keys in the current set
 * @param lastSuccess     when the current set was fetched
 * @param age             how old the current set is ({@link Duration#ZERO} when there is none)
 * @param lastError       why the last fetch failed, if it did; safe to log, holds no token
 */
public record JwksStatus(Health health, long fetches, long failures, int keysHeld,
                         Optional<Instant> lastSuccess, Duration age, Optional<String> lastError) {

    /** The states of a key source. */
    public enum Health {
        /** The last fetch succeeded. */
        UP,
        /** The last fetch failed; the last-known-good keys are served, within the outage bound. */
        DEGRADED,
        /** No key set can be served: never fetched, or the outage bound has passed. */
        DOWN
    }
}
