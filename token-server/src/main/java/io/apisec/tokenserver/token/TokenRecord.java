package io.apisec.tokenserver.token;

import io.apisec.tokenserver.client.TokenFormat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the token server remembers of an access token it issued: everything introspection answers,
 * under the token's hash, and the refresh-token family it comes from (revoking the family revokes it).
 * Immutable.
 */
public record TokenRecord(String tokenHash, String jti, TokenFormat format, String clientId, String subject,
                          Set<String> scopes, List<String> audiences, Map<String, Object> claims,
                          Instant issuedAt, Instant expiresAt, Optional<Instant> revokedAt,
                          Optional<String> refreshFamily) {

    public TokenRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(jti, "jti");
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        claims = Map.copyOf(claims);
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(refreshFamily, "refreshFamily");
    }

    /** Active: not revoked, and {@code now} is before its expiry. */
    public boolean isActiveAt(Instant now) {
        return revokedAt.isEmpty() && now.isBefore(expiresAt);
    }
}
