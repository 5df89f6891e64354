package io.apisec.tokenserver.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client as the token server knows it: how it authenticates, what it may ask for, and what its tokens
 * look like. Immutable.
 *
 * @param clientId            the client id
 * @param authMethod          its one authentication method
 * @param secret              the hash of its secret, for the client-secret methods
 * @param jwksUri             where its public keys are, for {@code private_key_jwt}
 * @param tokenFormat         opaque (external clients) or JWT (internal clients)
 * @param grantTypes          the grants it may use, by their RFC names
 * @param scopes              the scopes it may be granted; a request may narrow them, never widen
 * @param audiences           the audiences it may ask for; the first is the default
 * @param accessTokenLifetime how long its access tokens live
 * @param introspection       whether it may call the introspection endpoint
 * @param attributes          values the claims policy may release
 */
public record RegisteredClient(String clientId, ClientAuthMethod authMethod, Optional<SecretHash> secret,
                               Optional<URI> jwksUri, TokenFormat tokenFormat, Set<String> grantTypes, Set<String> scopes,
                               List<String> audiences, Duration accessTokenLifetime, boolean introspection,
                               Map<String, String> attributes) {

    public RegisteredClient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authMethod, "authMethod");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(tokenFormat, "tokenFormat");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        audiences = List.copyOf(audiences);
        attributes = Map.copyOf(attributes);
        if (authMethod != ClientAuthMethod.PRIVATE_KEY_JWT && secret.isEmpty()) {
            throw new IllegalArgumentException("client " + clientId + ": " + authMethod.value() + " needs a secret");
        }
        if (authMethod == ClientAuthMethod.PRIVATE_KEY_JWT && jwksUri.isEmpty()) {
            throw new IllegalArgumentException("client " + clientId + ": private_key_jwt needs a jwks-uri");
        }
    }

    public boolean mayUse(String grantType) {
        return grantTypes.contains(grantType);
    }
}
