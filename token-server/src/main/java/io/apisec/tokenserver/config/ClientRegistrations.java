package io.apisec.tokenserver.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

/**
 * Client registrations sent to the admin API, as JSON with the keys of a {@code clients} entry of the
 * configuration file: the same rules and the same messages (naming the key and the value). The server
 * generates the secret, so none is accepted here. The sensitive-claim check is
 * {@link ClaimRegistrations#exposure}, since the claims policy changes too.
 */
public final class ClientRegistrations {

    /** How a request body is named in messages: "Invalid configuration in the request body, line 3: ...". */
    private static final Path REQUEST_BODY = Path.of("the request body");

    private ClientRegistrations() {
    }

    /**
     * @param json one client registration, a JSON object
     * @throws ConfigException naming the key and the value that are refused
     */
    public static ClientConfig parse(String json, TokensConfig tokens) {
        ConfigDocument document = YamlDocumentReader.parse(REQUEST_BODY, json);
        return ClientSection.bindRegistration(ConfigObject.root(document, ConfigSchema.CLIENT), tokens);
    }

    /** {@code client} as a registration {@link #parse} reads back: the keys of the configuration file. */
    public static String toJson(ClientConfig client) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", client.id());
        json.put("authentication", client.authentication().value());
        client.jwksUri().ifPresent(uri -> json.put("jwks-uri", uri.toString()));
        json.put("token-format", client.tokenFormat().value());
        json.put("network", client.network().value());
        var grantTypes = json.putArray("grant-types");
        client.grantTypes().forEach(grant -> grantTypes.add(grant.value()));
        client.scopes().forEach(json.putArray("scopes")::add);
        client.audiences().forEach(json.putArray("audiences")::add);
        json.put("access-token-lifetime", ConfigObject.format(client.accessTokenLifetime()));
        json.put("introspection", client.introspection());
        ObjectNode attributes = json.putObject("attributes");
        client.attributes().forEach(attributes::put);
        return json.toString();
    }
}
