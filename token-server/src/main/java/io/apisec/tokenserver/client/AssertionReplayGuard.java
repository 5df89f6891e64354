package io.apisec.tokenserver.client;

import java.time.Instant;

/** Remembers the client assertions already used (RFC 7523: a {@code jti} is used once). Blocking. */
public interface AssertionReplayGuard {

    /**
     * Records the first use of {@code jti} by {@code clientId}, atomically: of two uses, on any node, exactly
     * one gets {@code true}.
     */
    boolean firstUse(String clientId, String jti, Instant expiresAt);

    /** Forgets assertions that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}
