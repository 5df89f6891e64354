package io.apisec.tokenserver.token;

import java.time.Instant;
import java.util.Optional;

/** Where issued tokens are recorded. Blocking: call from worker threads. */
public interface TokenRepository {

    void insert(TokenRecord token);

    Optional<TokenRecord> findByHash(String tokenHash);

    Optional<TokenRecord> findByJti(String jti);

    /** @return whether a token of {@code clientId} with that hash was found (and is now revoked) */
    boolean revoke(String tokenHash, String clientId, Instant at);

    /** Revokes every access token issued from the refresh-token family; returns how many. */
    int revokeFamily(String refreshFamily, Instant at);

    /**
     * Revokes every active access token of {@code clientId} (the client was disabled), and those exchanged
     * from them within its refresh families; returns how many.
     */
    int revokeAllOf(String clientId, Instant at);

    /** Deletes tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}
