package io.apisec.jwt;

import java.util.List;

/** Checks, once at configuration time, the scopes a route will require. */
public final class ScopeTokens {

    private ScopeTokens() {
    }

    /**
     * @return a copy of {@code scopes}, each a valid RFC 6749 section 3.3 scope-token
     * @throws IllegalArgumentException when none is given, or one is empty or holds a space or a
     *                                  character outside {@code %x21 / %x23-5B / %x5D-7E}: a space
     *                                  means two scopes passed as one, which would never match
     */
    public static List<String> requireValid(String... scopes) {
        if (scopes == null || scopes.length == 0) {
            throw new IllegalArgumentException("scopes: at least one is required");
        }
        for (String scope : scopes) {
            if (scope == null || scope.isEmpty()
                    || !scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e))) {
                throw new IllegalArgumentException("scopes: '" + scope + "' is not a scope-token (RFC 6749 section 3.3);"
                        + " pass each scope as its own argument");
            }
        }
        return List.of(scopes);
    }
}
