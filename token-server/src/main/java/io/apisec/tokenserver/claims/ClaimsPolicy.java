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
public final class ClaimsPolicy implements ClaimsPolicySource {

    private final List<ClaimRule> rules;

    public ClaimsPolicy(List<ClaimRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** A fixed policy is its own source. */
    @Override
    public ClaimsPolicy current() {
        return this;
    }

    public List<ClaimRule> rules() {
        return rules;
    }

    /**
     * Of the claims a token already carries, those the policy still releases for {@code scopes} and
     * {@code audiences}: an exchanged token speaks for the same subject, to a narrower audience.
     */
    public Map<String, Object> retainReleased(Map<String, Object> carried, Set<String> scopes, List<String> audiences) {
        Map<String, Object> retained = new LinkedHashMap<>();
        for (ClaimRule rule : rules) {
            if (carried.containsKey(rule.name()) && releases(rule, scopes, audiences)) {
                retained.put(rule.name(), carried.get(rule.name()));
            }
        }
        return retained;
    }

    private static boolean releases(ClaimRule rule, Set<String> scopes, List<String> audiences) {
        // An audience-restricted claim goes only into tokens whose every audience may receive it.
        return !Collections.disjoint(rule.scopes(), scopes)
                && (rule.audiences().isEmpty() || rule.audiences().containsAll(audiences));
    }

    /** The claims released to a client-credentials token (no user: user attributes are not released). */
    public Map<String, Object> releaseForClient(RegisteredClient client, Set<String> scopes, List<String> audiences) {
        Map<String, Object> released = new LinkedHashMap<>();
        for (ClaimRule rule : rules) {
            if (!releases(rule, scopes, audiences)) {
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
