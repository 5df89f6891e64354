package io.apisec.tokenserver.refresh;

import java.time.Instant;
import java.util.Optional;

/** Where refresh tokens are recorded. Blocking: call from worker threads. */
public interface RefreshTokenRepository {

    /** Records a new family, before its first token. */
    void insertFamily(String familyId, String clientId, Instant expiresAt);

    /** Whether the family was revoked (or is unknown). Read after issuing into it: see {@code refresh_families}. */
    boolean isFamilyRevoked(String familyId);

    void insert(RefreshTokenRecord token);

    Optional<RefreshTokenRecord> findByHash(String tokenHash);

    /**
     * Marks the token used, atomically: of two requests presenting the same token at once, exactly one
     * gets {@code true}; the other is a reuse.
     */
    boolean markUsed(String tokenHash, Instant at);

    /**
     * Revokes the family, then every refresh token of it, each in its own statement and in that order;
     * returns how many tokens were still unrevoked.
     */
    int revokeFamily(String familyId, Instant at);

    /** Puts back a token marked used by a rotation that then failed on our side, so a retry is not a reuse. */
    void unmarkUsed(String tokenHash, Instant markedAt);

    /** Revokes every family and refresh token of {@code clientId} (the client was disabled); returns how many tokens. */
    int revokeAllOf(String clientId, Instant at);

    /** Deletes tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}
