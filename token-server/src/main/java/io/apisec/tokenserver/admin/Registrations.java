package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.claims.ClaimRule;
import io.apisec.tokenserver.claims.JdbcClaimRuleStore;
import io.apisec.tokenserver.client.JdbcClientStore;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.StoredClient;
import io.apisec.tokenserver.config.ClaimConfig;
import io.apisec.tokenserver.config.ClaimRegistrations;
import io.apisec.tokenserver.config.ClientConfig;
import io.apisec.tokenserver.config.ClientRegistrations;
import io.apisec.tokenserver.config.ConfigException;
import io.apisec.tokenserver.config.TokensConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Clients and claim rules, from the configuration file and from the admin API, in one place, so that the
 * rule of the configuration file holds whichever side changes: no sensitive claim may reach a readable
 * token that leaves the network. A write that would break it is refused; a stored registration that breaks
 * it after a change of the file is not applied (and logged) until it is fixed. Blocking (database).
 */
public final class Registrations {

    private static final Logger LOG = LoggerFactory.getLogger(Registrations.class);

    private final TokensConfig tokens;
    private final List<ClientConfig> configuredClients;
    private final List<ClaimConfig> configuredClaims;
    private final JdbcClientStore clientStore;
    private final JdbcClaimRuleStore claimStore;

    public Registrations(TokensConfig tokens, List<ClientConfig> configuredClients, List<ClaimConfig> configuredClaims,
                         JdbcClientStore clientStore, JdbcClaimRuleStore claimStore) {
        this.tokens = tokens;
        this.configuredClients = List.copyOf(configuredClients);
        this.configuredClaims = List.copyOf(configuredClaims);
        this.clientStore = clientStore;
        this.claimStore = claimStore;
    }

    /** A client registration sent to the admin API. */
    ClientConfig parseClient(String json) throws AdminException {
        ClientConfig client = parse(() -> ClientRegistrations.parse(json, tokens));
        requireStorable(client, () -> ClientRegistrations.parse(ClientRegistrations.toJson(client), tokens));
        Optional<String> exposure = ClaimRegistrations.exposure(claims(), List.of(client));
        if (exposure.isPresent()) {
            throw AdminException.badRequest("Refused: " + exposure.get() + "; use token-format: opaque");
        }
        return client;
    }

    /** A claim rule sent to the admin API. */
    ClaimConfig parseClaim(String json) throws AdminException {
        ClaimConfig claim = parse(() -> ClaimRegistrations.parse(json));
        requireStorable(claim, () -> ClaimRegistrations.parse(ClaimRegistrations.toJson(claim)));
        Optional<String> exposure = ClaimRegistrations.exposure(List.of(claim), clients());
        if (exposure.isPresent()) {
            throw AdminException.badRequest("Refused: " + exposure.get()
                    + "; mark it not sensitive, narrow its audiences, or give that client opaque tokens");
        }
        return claim;
    }

    /** A stored client, as the token endpoint may use it now; empty when it breaks today's rules. */
    public Optional<RegisteredClient> decodeClient(StoredClient stored) {
        try {
            ClientConfig client = ClientRegistrations.parse(stored.registration(), tokens);
            Optional<String> exposure = ClaimRegistrations.exposure(claims(), List.of(client));
            if (exposure.isPresent()) {
                LOG.error("Client {} is refused until its registration or the claims policy changes: {}",
                        stored.clientId(), exposure.get());
                return Optional.empty();
            }
            return Optional.of(registered(client, stored.secret()));
        } catch (ConfigException | IllegalArgumentException e) {
            LOG.error("Client {} is refused until its registration is updated: {}", stored.clientId(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The stored claim rules the policy may apply now: those that break today's rules are left out (and logged). */
    public List<ClaimRule> decodeClaims(Map<String, String> stored) {
        List<ClientConfig> clients = stored.isEmpty() ? List.of() : clients();
        List<ClaimRule> rules = new ArrayList<>();
        stored.forEach((name, json) -> {
            try {
                ClaimConfig claim = ClaimRegistrations.parse(json);
                Optional<String> exposure = ClaimRegistrations.exposure(List.of(claim), clients);
                if (exposure.isPresent()) {
                    LOG.error("Claim rule {} is not applied until it or the clients change: {}", name, exposure.get());
                } else {
                    rules.add(rule(claim));
                }
            } catch (ConfigException e) {
                LOG.error("Claim rule {} is not applied until it is updated: {}", name, e.getMessage());
            }
        });
        return rules;
    }

    /** Every claim rule: the file's, then the stored ones that still parse. */
    List<ClaimConfig> claims() {
        List<ClaimConfig> all = new ArrayList<>(configuredClaims);
        for (Map.Entry<String, String> stored : claimStore.all().entrySet()) {
            tryParse(() -> ClaimRegistrations.parse(stored.getValue())).ifPresent(all::add);
        }
        return all;
    }

    /** Every client: the file's, then the stored ones that still parse. */
    List<ClientConfig> clients() {
        List<ClientConfig> all = new ArrayList<>(configuredClients);
        for (StoredClient stored : clientStore.all()) {
            tryParse(() -> ClientRegistrations.parse(stored.registration(), tokens)).ifPresent(all::add);
        }
        return all;
    }

    List<ClientConfig> configuredClients() {
        return configuredClients;
    }

    List<ClaimConfig> configuredClaims() {
        return configuredClaims;
    }

    /** A client of the configuration file, whose secret it holds. */
    public static RegisteredClient registered(ClientConfig c) {
        return registered(c, c.secret().map(s -> SecretHash.of(s.reveal())));
    }

    public static ClaimRule rule(ClaimConfig c) {
        return new ClaimRule(c.name(), c.scopes(), c.source(), c.attribute(), c.value(), c.audiences(), c.sensitive());
    }

    private static RegisteredClient registered(ClientConfig c, Optional<SecretHash> secret) {
        return new RegisteredClient(c.id(), c.authentication(), secret, c.jwksUri(), c.tokenFormat(),
                c.grantTypes().stream().map(g -> g.value()).collect(Collectors.toSet()), c.scopes(),
                c.audiences(), c.accessTokenLifetime(), c.introspection(), c.attributes());
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T parse(Parse<T> parse) throws AdminException {
        try {
            return parse.get();
        } catch (ConfigException e) {
            // The message names the key and the value, never a secret (none is accepted here).
            throw AdminException.badRequest(e.getMessage());
        }
    }

    /**
     * What is stored must read back as the same thing: a value with characters the stored form cannot carry
     * (controls such as U+007F or U+0085) would be accepted now and refused at every load.
     */
    private static <T> void requireStorable(T parsed, Parse<T> storedAndReadBack) throws AdminException {
        Optional<T> back = tryParse(storedAndReadBack);
        if (back.isEmpty() || !back.get().equals(parsed)) {
            throw AdminException.badRequest("A value holds control characters that cannot be stored; use printable"
                    + " characters");
        }
    }

    private static <T> Optional<T> tryParse(Parse<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }
}
