package io.apisec.tokenserver.refresh;

import java.time.Instant;
import java.util.Optional;

/** Where refresh tokens are recorded. Blocking: call from worker threads. */
public interface RefreshTokenRepository {

    void insert(RefreshTokenRecord token);

    Optional<RefreshTokenRecord> findByHash(String tokenHash);

    /**
     * Marks the token used, atomically: of two requests presenting the same token at once, exactly one
     * gets {@code true}; the other is a reuse.
     */
    boolean markUsed(String tokenHash, Instant at);

    /** Revokes every refresh token of the family; returns how many were still unrevoked. */
    int revokeFamily(String familyId, Instant at);

    /** Revokes every refresh token of {@code clientId} (the client was disabled); returns how many. */
    int revokeAllOf(String clientId, Instant at);

    /** Deletes tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}
