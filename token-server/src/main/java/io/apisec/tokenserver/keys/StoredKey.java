package io.apisec.tokenserver.keys;

import com.nimbusds.jose.jwk.JWK;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signing key as stored: its public JWK, its private JWK sealed under the master key, and the times
 * that decide its place in the lifecycle (see {@link KeyRing}).
 *
 * @param kid             the key id
 * @param algorithm       the JWS algorithm it signs with
 * @param publicJwk       the public half, as published in the JWKS
 * @param sealedPrivate   the private JWK, encrypted by {@link MasterKey} with the kid as context
 * @param createdAt       when it was made
 * @param activatesAt     when it starts signing; before that it is only published ("next")
 * @param revokedAt       when it was revoked in an emergency, if it was: then it is neither used nor published
 */
public record StoredKey(String kid, SigningAlgorithm algorithm, JWK publicJwk, String sealedPrivate,
                        Instant createdAt, Instant activatesAt, Optional<Instant> revokedAt) {

    public StoredKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(sealedPrivate, "sealedPrivate");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatesAt, "activatesAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (publicJwk.isPrivate()) {
            throw new IllegalArgumentException("publicJwk must hold no private material");
        }
    }

    boolean isRevoked() {
        return revokedAt.isPresent();
    }

    @Override
    public String toString() {
        return "StoredKey[kid=" + kid + ", alg=" + algorithm + ", activatesAt=" + activatesAt
                + ", revokedAt=" + revokedAt.orElse(null) + "]";
    }
}
