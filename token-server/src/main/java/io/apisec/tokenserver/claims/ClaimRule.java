package io.apisec.tokenserver.claims;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of the central claims policy (practice 13): the claim {@code name} is released when the token
 * carries one of {@code scopes}, with its value from {@code source}, and (when {@code audiences} is not
 * empty) only in tokens for one of those audiences.
 */
public record ClaimRule(String name, Set<String> scopes, ClaimSource source, Optional<String> attribute,
                        Optional<String> constant, Set<String> audiences, boolean sensitive) {

    public ClaimRule {
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(source, "source");
        audiences = Set.copyOf(audiences);
    }
}
