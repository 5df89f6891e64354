package io.apisec.tokenserver.config;

import io.apisec.tokenserver.keys.SigningAlgorithm;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The signing-key lifecycle and the master key that encrypts private keys at rest.
 *
 * @param algorithm      what new keys sign with
 * @param rotationPeriod how long a key signs before its successor takes over, at least one hour
 * @param prepublish     how long a successor is published before it signs; shorter than the rotation period
 * @param masterKey      the base64 of a 32-byte AES key (checked at load); empty only in dev mode
 * @param devMode        whether the keys package may generate a master key when none is given
 */
public record KeysConfig(SigningAlgorithm algorithm, Duration rotationPeriod, Duration prepublish,
                         Optional<Secret> masterKey, boolean devMode) {

    public KeysConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(rotationPeriod, "rotationPeriod");
        Objects.requireNonNull(prepublish, "prepublish");
        Objects.requireNonNull(masterKey, "masterKey");
    }
}
