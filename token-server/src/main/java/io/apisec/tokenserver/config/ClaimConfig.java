package io.apisec.tokenserver.config;

import io.apisec.tokenserver.claims.ClaimSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of the central claims policy: which tokens carry a claim and where its value comes from.
 *
 * @param name      the claim name; never a registered JWT or RFC 9068 claim, which only the server sets
 * @param scopes    the claim is released when the token carries any of these scopes; never empty
 * @param source    where the value comes from
 * @param attribute the attribute to read, present exactly when {@link ClaimSource#readsAttribute()}
 * @param value     the constant value, present exactly for {@link ClaimSource#CONSTANT}
 * @param audiences empty for any audience, else only tokens for one of these audiences carry the claim
 * @param sensitive never released in a readable token (jwt, split) to a client whose tokens leave the network
 */
public record ClaimConfig(String name, Set<String> scopes, ClaimSource source, Optional<String> attribute,
                          Optional<String> value, Set<String> audiences, boolean sensitive) {

    public ClaimConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        scopes = Immutable.orderedSet(scopes);
        audiences = Immutable.orderedSet(audiences);
    }
}
