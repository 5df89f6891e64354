package io.apisec.tokenserver.refresh;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A refresh token to issue: in a new family (a first grant) or in an existing one (a rotation), where it
 * keeps the family's expiry, so rotation never extends how long a grant lives.
 */
public record RefreshTokenRequest(String familyId, String clientId, String subject, Set<String> scopes,
                                  List<String> audiences, Optional<Instant> familyExpiresAt) {

    public RefreshTokenRequest {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        Objects.requireNonNull(familyExpiresAt, "familyExpiresAt");
    }

    /** The next token of the family {@code used} belongs to: same scopes and audiences (RFC 6749 section 6). */
    public static RefreshTokenRequest rotationOf(RefreshTokenRecord used) {
        return new RefreshTokenRequest(used.familyId(), used.clientId(), used.subject(), used.scopes(), used.audiences(),
                Optional.of(used.expiresAt()));
    }
}
