package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.StoredClient;
import io.apisec.tokenserver.config.ClaimConfig;
import io.apisec.tokenserver.config.ClientConfig;
import io.apisec.tokenserver.config.ClientRegistrations;
import io.apisec.tokenserver.config.ConfigException;
import io.apisec.tokenserver.config.TokensConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Registrations to clients and back: a client of the configuration file or of the admin API becomes the
 * same {@link RegisteredClient}; a stored registration is read back under today's rules (a registration
 * that has become invalid, for instance because the claims policy now releases a sensitive claim to it,
 * is refused, so that client cannot authenticate until it is fixed).
 */
public final class ClientCodec {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCodec.class);

    private final TokensConfig tokens;
    private final List<ClaimConfig> claims;

    public ClientCodec(TokensConfig tokens, List<ClaimConfig> claims) {
        this.tokens = tokens;
        this.claims = claims;
    }

    /** A registration sent to the admin API. */
    ClientConfig parse(String json) throws ConfigException {
        return ClientRegistrations.parse(json, tokens, claims);
    }

    public Optional<RegisteredClient> decode(StoredClient stored) {
        try {
            return Optional.of(registered(ClientRegistrations.parse(stored.registration(), tokens, claims),
                    stored.secret()));
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.error("Client {} is refused until its registration is updated: {}", stored.clientId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** A client of the configuration file, whose secret it holds. */
    public static RegisteredClient registered(ClientConfig c) {
        return registered(c, c.secret().map(s -> SecretHash.of(s.reveal())));
    }

    static RegisteredClient registered(ClientConfig c, Optional<SecretHash> secret) {
        return new RegisteredClient(c.id(), c.authentication(), secret, c.jwksUri(), c.tokenFormat(),
                c.grantTypes().stream().map(g -> g.value()).collect(Collectors.toSet()), c.scopes(),
                c.audiences(), c.accessTokenLifetime(), c.introspection(), c.attributes());
    }
}
