package io.apisec.tokenserver.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret read from the environment or a file (a client secret, the database password, the master key).
 * It prints as {@code Secret[****]}, so a record holding one can be logged, and its value is reached only
 * through the explicit {@link #reveal()}.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when {@code value} is empty
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        return new Secret(value);
    }

    /** The secret itself: pass it on to what needs it, never to a log or a message. */
    public String reveal() {
        return value;
    }

    /** Compares in constant time, so equality checks do not leak the value through timing. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    /** A constant: a hash of the value would tell something about it. */
    @Override
    public int hashCode() {
        return Secret.class.getName().hashCode();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
