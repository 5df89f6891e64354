package io.apisec.jwt;

import java.util.List;
import java.util.Objects;

/**
 * Builds {@code WWW-Authenticate} values for the Bearer scheme (RFC 6750 section 3).
 */
public final class BearerChallenge {

    private BearerChallenge() {
    }

    /**
     * The challenge for a request that carried no credentials: per RFC 6750 section 3.1 it names no error.
     */
    public static String missingToken(String realm) {
        return "Bearer realm=\"" + quote(realm) + "\"";
    }

    /** The challenge for a refused token: error, description and, for insufficient scope, the scopes needed. */
    public static String forRejection(String realm, TokenRejectedException rejection) {
        if (rejection.reason() == Rejection.MISSING_TOKEN) {
            return missingToken(realm);
        }
        StringBuilder value = new StringBuilder("Bearer realm=\"").append(quote(realm))
                .append("\", error=\"").append(rejection.error().code())
                .append("\", error_description=\"").append(quote(rejection.reason().description())).append('"');
        List<String> scopes = rejection.requiredScopes();
        if (!scopes.isEmpty()) {
            value.append(", scope=\"").append(quote(String.join(" ", scopes))).append('"');
        }
        return value.toString();
    }

    /** Checks a realm once, at configuration time: printable ASCII without quotes or backslashes. */
    public static String requireValidRealm(String realm) {
        Objects.requireNonNull(realm, "realm");
        if (realm.isEmpty() || !realm.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("realm: '" + realm
                    + "' must be non-empty printable ASCII without quotes or backslashes");
        }
        return realm;
    }

    // RFC 7230 quoted-string: escape the quote and the backslash, drop anything that is not printable.
    private static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
