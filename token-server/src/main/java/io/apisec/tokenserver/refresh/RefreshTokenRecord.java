package io.apisec.tokenserver.refresh;

import io.apisec.tokenserver.token.TokenHash;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the token server remembers of a refresh token: under its hash, the family it belongs to (every token
 * rotated from one first grant), what it may be exchanged for, and whether it was used or revoked.
 */
public record RefreshTokenRecord(String tokenHash, String familyId, String clientId, String subject, Set<String> scopes,
                                 List<String> audiences, Instant issuedAt, Instant expiresAt,
                                 Optional<Instant> usedAt, Optional<Instant> revokedAt) {

    public RefreshTokenRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** This record as it is once redeemed at {@code at}. */
    RefreshTokenRecord markedUsedAt(Instant at) {
        return new RefreshTokenRecord(tokenHash, familyId, clientId, subject, scopes, audiences, issuedAt, expiresAt,
                Optional.of(at), revokedAt);
    }

    /** Never the whole hash in a log line: its prefix names the token (practice: no tokens in logs). */
    @Override
    public String toString() {
        return "RefreshTokenRecord[" + TokenHash.logPrefix(tokenHash) + "..., family=" + familyId.substring(0, 8)
                + "..., client=" + clientId + ", expiresAt=" + expiresAt + ", used=" + usedAt.isPresent()
                + ", revoked=" + revokedAt.isPresent() + "]";
    }
}
