package io.apisec.tokenserver.token;

import io.apisec.tokenserver.client.RegisteredClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a grant decided to issue: for whom, with which scopes, for which audiences, carrying which
 * claims (only those the central claims policy released), optionally a time it must not outlive, and the
 * refresh-token family it comes from (revoking the family revokes it).
 */
public record AccessTokenRequest(RegisteredClient client, String subject, Set<String> scopes, List<String> audiences,
                                 Map<String, Object> claims, Optional<Instant> notAfter, Optional<String> refreshFamily) {

    /** A token that lives the client's full access-token lifetime. */
    public AccessTokenRequest(RegisteredClient client, String subject, Set<String> scopes, List<String> audiences,
                              Map<String, Object> claims) {
        this(client, subject, scopes, audiences, claims, Optional.empty(), Optional.empty());
    }

    /** A token that must not outlive {@code notAfter} (token exchange: the subject token's expiry). */
    public AccessTokenRequest(RegisteredClient client, String subject, Set<String> scopes, List<String> audiences,
                              Map<String, Object> claims, Optional<Instant> notAfter) {
        this(client, subject, scopes, audiences, claims, notAfter, Optional.empty());
    }

    public AccessTokenRequest {
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(refreshFamily, "refreshFamily");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        claims = Map.copyOf(claims);
    }
}
