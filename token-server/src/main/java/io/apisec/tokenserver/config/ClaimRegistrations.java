package io.apisec.tokenserver.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Claim rules sent to the admin API, as JSON with the keys of a {@code claims} entry of the configuration
 * file: the same rules and messages. {@link #exposure} is the load-time sensitive-claim check, for a policy
 * and a set of clients that change at run time.
 */
public final class ClaimRegistrations {

    private static final Path REQUEST_BODY = Path.of("the request body");

    private ClaimRegistrations() {
    }

    /** @throws ConfigException naming the key and the value that are refused */
    public static ClaimConfig parse(String json) {
        ConfigDocument document = YamlDocumentReader.parse(REQUEST_BODY, json);
        return ClaimSection.bindOne(ConfigObject.root(document, ConfigSchema.CLAIM));
    }

    /** {@code claim} as {@link #parse} reads it back. */
    public static String toJson(ClaimConfig claim) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", claim.name());
        claim.scopes().forEach(json.putArray("scopes")::add);
        json.put("source", claim.source().value());
        claim.attribute().ifPresent(attribute -> json.put("attribute", attribute));
        claim.value().ifPresent(value -> json.put("value", value));
        claim.audiences().forEach(json.putArray("audiences")::add);
        json.put("sensitive", claim.sensitive());
        return json.toString();
    }

    /**
     * A sensitive claim of {@code claims} that would reach a readable token leaving the network of one of
     * {@code clients}: a sentence naming the claim, the client and the scope; empty when there is none.
     */
    public static Optional<String> exposure(List<ClaimConfig> claims, List<ClientConfig> clients) {
        return SensitiveClaimCheck.firstExposure(claims, clients).map(e -> "scope " + Quote.of(e.scope())
                + " would release the sensitive claim " + Quote.of(claims.get(e.claimIndex()).name())
                + " in the readable " + clients.get(e.clientIndex()).tokenFormat().value() + " tokens of the external"
                + " client " + Quote.of(clients.get(e.clientIndex()).id()) + ", which leave the network");
    }
}
