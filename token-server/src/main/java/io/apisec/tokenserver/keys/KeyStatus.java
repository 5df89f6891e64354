package io.apisec.tokenserver.keys;

import java.time.Instant;

/** A published signing key as the admin API shows it: no key material. */
public record KeyStatus(String kid, SigningAlgorithm algorithm, KeyRing.State state, Instant createdAt,
                        Instant activatesAt) {
}
