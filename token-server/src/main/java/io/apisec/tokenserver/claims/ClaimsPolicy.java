package io.apisec.tokenserver.claims;

import io.apisec.tokenserver.client.RegisteredClient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The central claims policy (practice 13): which claims a token carries, decided here and nowhere else.
 * A token carries a claim only when a rule releases it for one of the token's scopes and audiences.
 */
public final class ClaimsPolicy {

    private final List<ClaimRule> rules;

    public ClaimsPolicy(List<ClaimRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The claims released to a client-credentials token (no user: user attributes are not released). */
    public Map<String, Object> releaseForClient(RegisteredClient client, Set<String> scopes, List<String> audiences) {
        Map<String, Object> released = new LinkedHashMap<>();
        for (ClaimRule rule : rules) {
            if (Collections.disjoint(rule.scopes(), scopes)
                    || (!rule.audiences().isEmpty() && Collections.disjoint(rule.audiences(), audiences))) {
                continue;
            }
            switch (rule.source()) {
                case CONSTANT -> rule.constant().ifPresent(v -> released.put(rule.name(), v));
                case CLIENT_ATTRIBUTE -> rule.attribute().map(client.attributes()::get)
                        .ifPresent(v -> released.put(rule.name(), v));
                case USER_ATTRIBUTE -> {
                    // No user in a client-credentials token.
                }
            }
        }
        return released;
    }
}
