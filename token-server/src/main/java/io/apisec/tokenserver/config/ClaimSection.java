package io.apisec.tokenserver.config;

import io.apisec.tokenserver.claims.ClaimSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds {@code claims}, the central claims policy: no claim may impersonate one the server sets itself,
 * and each draws its value from exactly one source.
 */
final class ClaimSection {

    /** Registered JWT (RFC 7519, RFC 8693, RFC 7800) and RFC 9068 claims: set by the server only. */
    static final Set<String> RESERVED_NAMES = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id",
            "scope", "act", "cnf", "auth_time", "acr", "amr");

    private ClaimSection() {
    }

    static List<ClaimConfig> bind(List<ConfigObject> claims) {
        List<ClaimConfig> bound = new ArrayList<>();
        Map<String, String> pathsByName = new HashMap<>();
        for (ConfigObject claim : claims) {
            ClaimConfig config = bindOne(claim);
            String earlier = pathsByName.putIfAbsent(config.name(), claim.path());
            if (earlier != null) {
                throw claim.error("name", "value " + Quote.of(config.name()) + " is already the name of " + earlier
                        + "; claim names must be unique");
            }
            bound.add(config);
        }
        return bound;
    }

    static ClaimConfig bindOne(ConfigObject claim) {
        String name = claim.requiredText("name");
        if (!Syntax.CLAIM_NAME.matcher(name).matches()) {
            throw claim.error("name", "value " + Quote.of(name) + " is not accepted; expected 1 to 256 visible ASCII"
                    + " characters without spaces");
        }
        if (RESERVED_NAMES.contains(name)) {
            throw claim.error("name", "value " + Quote.of(name) + " is not accepted: it is a registered claim that only"
                    + " the server sets; reserved: " + String.join(", ", RESERVED_NAMES.stream().sorted().toList()));
        }
        Set<String> scopes = claim.distinctTexts("scopes", Syntax::isScopeToken,
                "an RFC 6749 scope-token (visible ASCII except space, \" and \\)");
        if (scopes.isEmpty()) {
            throw claim.error("scopes", "is required; list the scopes whose tokens carry the claim");
        }
        ClaimSource source = claim.requiredChoice("source", ClaimSource.class, ClaimSource::value);
        Optional<String> attribute = claim.text("attribute");
        Optional<String> value = claim.text("value");
        if (source.readsAttribute()) {
            if (attribute.isEmpty()) {
                throw claim.error("attribute", "is required for source " + source.value()
                        + "; name the attribute the value is read from");
            }
            if (value.isPresent()) {
                throw claim.error("value", "must not be set for source " + source.value()
                        + "; a constant value needs source: constant");
            }
        } else {
            if (value.isEmpty()) {
                throw claim.error("value", "is required for source constant");
            }
            if (attribute.isPresent()) {
                throw claim.error("attribute", "must not be set for source constant; the value is " + claim.path("value"));
            }
        }
        Set<String> audiences = claim.distinctTexts("audiences", audience -> Syntax.AUDIENCE.matcher(audience).matches(),
                "an audience name or URI without spaces");
        boolean sensitive = claim.bool("sensitive", false);
        return new ClaimConfig(name, scopes, source, attribute, value, audiences, sensitive);
    }
}
