package io.apisec.tokenserver.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * When keys rotate and how long old ones stay published.
 *
 * @param algorithm        what new keys sign with
 * @param rotationPeriod   how long a key signs before its successor takes over
 * @param prepublish       how long the successor is published before it signs: at least the JWKS cache
 *                         lifetime of every verifier, so none meets a kid it does not hold
 * @param maxTokenLifetime the longest lifetime of a token a key signs: a retired key stays published this
 *                         long after its successor took over, so every token it signed still verifies
 */
public record RotationPolicy(SigningAlgorithm algorithm, Duration rotationPeriod, Duration prepublish,
                             Duration maxTokenLifetime) {

    public RotationPolicy {
        Objects.requireNonNull(algorithm, "algorithm");
        if (prepublish.isNegative() || prepublish.compareTo(rotationPeriod) >= 0) {
            throw new IllegalArgumentException("prepublish (" + prepublish + ") must be shorter than the rotation period ("
                    + rotationPeriod + ")");
        }
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalArgumentException("maxTokenLifetime must be positive");
        }
    }
}
