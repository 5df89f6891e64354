package io.apisec.tokenserver.token;

import io.apisec.tokenserver.client.RegisteredClient;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a grant decided to issue: for whom, with which scopes, for which audiences, carrying which
 * claims (only those the central claims policy released).
 */
public record AccessTokenRequest(RegisteredClient client, String subject, Set<String> scopes, List<String> audiences,
                                 Map<String, Object> claims) {

    public AccessTokenRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(subject, "subject");
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        claims = Map.copyOf(claims);
    }
}
