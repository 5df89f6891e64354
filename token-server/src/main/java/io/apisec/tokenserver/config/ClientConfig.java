package io.apisec.tokenserver.config;

import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.client.ClientAuthMethod;
import io.apisec.tokenserver.claims.ClaimSource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client registered in the configuration file.
 *
 * @param id                  unique, 1..128 characters of {@code [A-Za-z0-9._:-]}
 * @param authentication      how it authenticates at the token endpoint
 * @param secret              its secret (at least 32 characters), present exactly when
 *                            {@link ClientAuthMethod#usesSecret() authentication uses one}
 * @param jwksUri             where its public keys are, present exactly for {@code private_key_jwt}
 * @param tokenFormat         the form of its access tokens
 * @param network             where its tokens go; {@link TokenFormat#JWT} implies {@link Network#INTERNAL}
 * @param grantTypes          the grant types it may use, never empty
 * @param scopes              the scopes it may be granted, each an RFC 6749 scope-token
 * @param audiences           the audiences it may request, never empty; the first is the default
 * @param accessTokenLifetime the lifetime of its access tokens, within {@code tokens.max-access-token-lifetime}
 * @param introspection       whether it may call the introspection endpoint
 * @param attributes          values that claims with source {@link ClaimSource#CLIENT_ATTRIBUTE} read
 */
public record ClientConfig(String id, ClientAuthMethod authentication, Optional<Secret> secret,
                           Optional<URI> jwksUri, TokenFormat tokenFormat, Network network, Set<GrantType> grantTypes,
                           Set<String> scopes, List<String> audiences, Duration accessTokenLifetime,
                           boolean introspection, Map<String, String> attributes) {

    public ClientConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(jwksUri, "jwksUri");
        Objects.requireNonNull(tokenFormat, "tokenFormat");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
        grantTypes = Immutable.orderedSet(grantTypes);
        scopes = Immutable.orderedSet(scopes);
        audiences = List.copyOf(audiences);
        attributes = Immutable.orderedMap(attributes);
    }

    /** The audience of a token when the client requests none. */
    public String defaultAudience() {
        return audiences.getFirst();
    }
}
