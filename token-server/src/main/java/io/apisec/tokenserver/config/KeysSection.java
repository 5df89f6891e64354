package io.apisec.tokenserver.config;

import io.apisec.tokenserver.keys.SigningAlgorithm;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Binds {@code keys}: a rotation schedule verifiers can follow, and a master key unless dev mode
 * explicitly allows the server to make one.
 */
final class KeysSection {

    static final Duration MIN_ROTATION_PERIOD = Duration.ofHours(1);
    private static final int MASTER_KEY_BYTES = 32;

    private KeysSection() {
    }

    static KeysConfig bind(ConfigObject keys, SecretResolver secrets) {
        SigningAlgorithm algorithm = keys.choice("algorithm", SigningAlgorithm.class, SigningAlgorithm::value,
                SigningAlgorithm.RS256);
        Duration rotationPeriod = keys.duration("rotation-period", Duration.ofDays(30));
        if (rotationPeriod.compareTo(MIN_ROTATION_PERIOD) < 0) {
            throw keys.error("rotation-period", "value " + keys.written("rotation-period")
                    + " is not accepted; expected at least PT1H");
        }
        Duration prepublish = keys.duration("prepublish", Duration.ofMinutes(10));
        if (prepublish.compareTo(rotationPeriod) >= 0) {
            throw keys.error("prepublish", "value " + keys.written("prepublish") + " is not accepted; expected"
                    + " less than " + keys.path("rotation-period") + " (" + ConfigObject.format(rotationPeriod) + ")");
        }
        boolean devMode = keys.bool("dev-mode", false);
        Optional<Secret> masterKey = secrets.fromEither(keys, "master-key-env", "master-key-file");
        if (masterKey.isEmpty() && !devMode) {
            throw keys.error("master-key-env", "is required: name the environment variable holding the master key"
                    + " (the base64 of 32 random bytes), or set " + keys.path("master-key-file")
                    + "; only " + keys.path("dev-mode") + ": true allows neither");
        }
        masterKey.ifPresent(key -> requireAesKey(keys, key));
        return new KeysConfig(algorithm, rotationPeriod, prepublish, masterKey, devMode);
    }

    private static void requireAesKey(ConfigObject keys, Secret key) {
        String source = keys.has("master-key-env") ? "master-key-env" : "master-key-file";
        String from = SecretResolver.describeSource(keys, "master-key-env", "master-key-file");
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key.reveal().strip());
        } catch (IllegalArgumentException e) {
            // the decoder's message quotes a character of the key: it is not passed on
            throw keys.error(source, "the master key in " + from + " is not base64 (the value is not shown);"
                    + " make one with: openssl rand -base64 32");
        }
        int length = decoded.length;
        Arrays.fill(decoded, (byte) 0);
        if (length != MASTER_KEY_BYTES) {
            throw keys.error(source, "the master key in " + from + " is " + length + " bytes, not 32"
                    + " (the value is not shown); make one with: openssl rand -base64 32");
        }
    }
}
