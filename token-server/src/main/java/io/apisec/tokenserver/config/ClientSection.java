package io.apisec.tokenserver.config;

import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.client.AdminAccess;
import io.apisec.tokenserver.client.ClientAuthMethod;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code clients}: one authentication method each with exactly the credential it needs, readable
 * JWTs only for internal clients, and lifetimes within the server's bounds.
 */
final class ClientSection {

    static final int MIN_SECRET_LENGTH = 32;
    static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

    private ClientSection() {
    }

    static List<ClientConfig> bind(List<ConfigObject> clients, TokensConfig tokens, SecretResolver secrets) {
        List<ClientConfig> bound = new ArrayList<>();
        Map<String, String> pathsById = new HashMap<>();
        for (ConfigObject client : clients) {
            ClientConfig config = bindOne(client, tokens, (c, method) -> secret(c, method, secrets));
            String earlier = pathsById.putIfAbsent(config.id(), client.path());
            if (earlier != null) {
                throw client.error("id", "value " + Quote.of(config.id()) + " is already the id of " + earlier
                        + "; client ids must be unique");
            }
            bound.add(config);
        }
        return bound;
    }

    /** Where a client's secret comes from: the configuration (env or file), or the server itself (admin API). */
    @FunctionalInterface
    private interface SecretSource {
        Optional<Secret> secret(ConfigObject client, ClientAuthMethod authentication);
    }

    /**
     * A registration sent to the admin API: the keys and rules of one {@code clients} entry, except that the
     * server generates the secret, so {@code secret-env} and {@code secret-file} are refused and the result has
     * no secret.
     */
    static ClientConfig bindRegistration(ConfigObject client, TokensConfig tokens) {
        return bindOne(client, tokens, (c, method) -> {
            for (String key : List.of("secret-env", "secret-file")) {
                if (c.has(key)) {
                    throw c.error(key, "must not be set: the server generates the secret of a client registered"
                            + " through the admin API and returns it once");
                }
            }
            return Optional.empty();
        });
    }

    private static ClientConfig bindOne(ConfigObject client, TokensConfig tokens, SecretSource secrets) {
        String id = client.requiredText("id");
        if (!Syntax.CLIENT_ID.matcher(id).matches()) {
            throw client.error("id", "value " + Quote.of(id) + " is not accepted; expected 1 to 128 characters of"
                    + " letters, digits and . _ : -");
        }
        ClientAuthMethod authentication = client.requiredChoice("authentication",
                ClientAuthMethod.class, ClientAuthMethod::value);
        Optional<Secret> secret = secrets.secret(client, authentication);
        Optional<URI> jwksUri = jwksUri(client, authentication);
        TokenFormat tokenFormat = client.choice("token-format", TokenFormat.class, TokenFormat::value, TokenFormat.OPAQUE);
        Network network = client.choice("network", Network.class, Network::value, Network.EXTERNAL);
        if (tokenFormat == TokenFormat.JWT && network == Network.EXTERNAL) {
            throw client.error("token-format", "value 'jwt' requires " + client.path("network") + ": internal, but it is"
                    + " external; a JWT's claims are readable by whoever holds it, so tokens that leave the network"
                    + " are opaque or split");
        }
        Set<GrantType> grantTypes = grantTypes(client);
        Set<String> scopes = client.distinctTexts("scopes", Syntax::isScopeToken,
                "an RFC 6749 scope-token (visible ASCII except space, \" and \\)");
        List<String> audiences = List.copyOf(client.distinctTexts("audiences",
                audience -> Syntax.AUDIENCE.matcher(audience).matches(), "an audience name or URI without spaces"));
        if (audiences.isEmpty()) {
            throw client.error("audiences", "is required; list the audiences (resource indicators) the client may"
                    + " request, the default first");
        }
        boolean administers = scopes.contains(AdminAccess.ADMIN_SCOPE) || scopes.contains(AdminAccess.METRICS_SCOPE);
        if (administers && (tokenFormat != TokenFormat.JWT || !audiences.contains(AdminAccess.AUDIENCE))) {
            // The admin API accepts only JWTs of this server for its own audience: any other setup locks the admin out.
            throw client.error("scopes", "grant " + AdminAccess.ADMIN_SCOPE + " or " + AdminAccess.METRICS_SCOPE
                    + " only to a client with "
                    + client.path("token-format") + ": jwt, " + client.path("network") + ": internal and '"
                    + AdminAccess.AUDIENCE + "' in " + client.path("audiences")
                    + "; the admin API accepts only such tokens");
        }
        Duration lifetime = client.duration("access-token-lifetime", DEFAULT_ACCESS_TOKEN_LIFETIME);
        if (lifetime.compareTo(tokens.maxAccessTokenLifetime()) > 0) {
            String shown = client.has("access-token-lifetime") ? client.written("access-token-lifetime")
                    : Quote.of(ConfigObject.format(lifetime)) + " (the default)";
            throw client.error("access-token-lifetime", "value " + shown + " is not accepted; expected at most"
                    + " tokens.max-access-token-lifetime (" + ConfigObject.format(tokens.maxAccessTokenLifetime()) + ")");
        }
        boolean introspection = client.bool("introspection", false);
        if (introspection && network == Network.EXTERNAL) {
            // Introspection answers with every claim and, for gateways, a readable JWT: never outside the network.
            throw client.error("introspection", "value 'true' requires " + client.path("network") + ": internal;"
                    + " introspection hands out readable claims and JWTs, so only clients inside the network (the"
                    + " gateway, internal APIs) may call it");
        }
        Map<String, String> attributes = client.textMap("attributes");
        return new ClientConfig(id, authentication, secret, jwksUri, tokenFormat, network, grantTypes, scopes, audiences,
                lifetime, introspection, attributes);
    }

    /** Exactly the credential the method needs: a secret of at least 32 characters, or none at all. */
    private static Optional<Secret> secret(ConfigObject client, ClientAuthMethod authentication,
                                           SecretResolver secrets) {
        if (!authentication.usesSecret()) {
            for (String key : List.of("secret-env", "secret-file")) {
                if (client.has(key)) {
                    throw client.error(key, "must not be set for authentication " + authentication.value()
                            + ": the client proves itself with a key published at its jwks-uri");
                }
            }
            return Optional.empty();
        }
        Secret secret = secrets.fromEither(client, "secret-env", "secret-file").orElseThrow(() -> client.error(
                "secret-env", "is required for authentication " + authentication.value() + ": name the environment"
                        + " variable holding the client's secret, or set " + client.path("secret-file")));
        if (secret.reveal().length() < MIN_SECRET_LENGTH) {
            String key = client.has("secret-env") ? "secret-env" : "secret-file";
            throw client.error(key, "the secret in " + SecretResolver.describeSource(client, "secret-env", "secret-file")
                    + " is shorter than " + MIN_SECRET_LENGTH + " characters (the value is not shown); use a long random"
                    + " secret");
        }
        return Optional.of(secret);
    }

    /** Required for {@code private_key_jwt}, forbidden otherwise: an absolute https URL. */
    private static Optional<URI> jwksUri(ConfigObject client, ClientAuthMethod authentication) {
        Optional<String> text = client.text("jwks-uri");
        if (authentication.usesSecret()) {
            if (text.isPresent()) {
                throw client.error("jwks-uri", "must not be set for authentication " + authentication.value()
                        + "; it is used by private_key_jwt only");
            }
            return Optional.empty();
        }
        String value = text.orElseThrow(() -> client.error("jwks-uri", "is required for authentication "
                + authentication.value() + "; expected the https URL of the client's JWK set"));
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw client.error("jwks-uri", "value " + Quote.of(value) + " is not a URL; expected an absolute https URL", e);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw client.error("jwks-uri", "value " + Quote.of(value) + " is not accepted; expected an absolute https"
                    + " URL with a host, without user info or fragment");
        }
        return Optional.of(uri);
    }

    private static Set<GrantType> grantTypes(ConfigObject client) {
        List<String> values = client.texts("grant-types");
        if (values.isEmpty()) {
            throw client.error("grant-types", "is required; expected a non-empty list of: "
                    + ConfigObject.spellings(GrantType.class, GrantType::value));
        }
        Set<GrantType> grantTypes = new LinkedHashSet<>();
        for (int index = 0; index < values.size(); index++) {
            String value = values.get(index);
            String path = KeyPath.element(client.path("grant-types"), index);
            GrantType grantType = Arrays.stream(GrantType.values())
                    .filter(candidate -> candidate.value().equals(value))
                    .findFirst()
                    .orElseThrow(() -> client.errorAt(path, "value " + Quote.of(value) + " is not accepted; expected one of: "
                            + ConfigObject.spellings(GrantType.class, GrantType::value)));
            if (!grantTypes.add(grantType)) {
                throw client.errorAt(path, "value " + Quote.of(value) + " is listed twice");
            }
        }
        return grantTypes;
    }
}
