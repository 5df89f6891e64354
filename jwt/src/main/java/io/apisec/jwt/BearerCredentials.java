package io.apisec.jwt;

import java.util.List;
import java.util.Locale;

/**
 * Finds the one bearer token of a request (RFC 6750 section 2.1), and refuses a request that carries
 * credentials in more than one place or by more than one method (practice 8). Framework-free: the
 * adapters pass what they read from the request.
 */
public final class BearerCredentials {

    private static final String PREFIX = "bearer ";

    private BearerCredentials() {
    }

    /**
     * @param authorizationHeaders every {@code Authorization} header value of the request
     * @param tokenInQuery         whether the query string has an {@code access_token} parameter
     * @param tokenInBody          whether a form body has an {@code access_token} parameter
     * @return the token, without the {@code Bearer } prefix
     * @throws TokenRejectedException {@link Rejection#MISSING_TOKEN} when there is none (answer 401 without
     *                                an error code); {@link BearerError#INVALID_REQUEST} when there are several,
     *                                when the token is in the URI or body, or when the header is malformed
     */
    public static String extract(List<String> authorizationHeaders, boolean tokenInQuery, boolean tokenInBody)
            throws TokenRejectedException {
        int places = authorizationHeaders.size() + (tokenInQuery ? 1 : 0) + (tokenInBody ? 1 : 0);
        if (places > 1) {
            throw new TokenRejectedException(Rejection.MULTIPLE_CREDENTIALS);
        }
        if (tokenInQuery || tokenInBody) {
            // RFC 6750 allows these, but tokens in URIs end up in logs and histories: header only.
            throw new TokenRejectedException(Rejection.TOKEN_NOT_IN_HEADER);
        }
        if (authorizationHeaders.isEmpty()) {
            throw new TokenRejectedException(Rejection.MISSING_TOKEN);
        }
        String header = authorizationHeaders.get(0);
        if (header == null || header.length() < PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            if (header != null && header.strip().toLowerCase(Locale.ROOT).equals("bearer")) {
                throw new TokenRejectedException(Rejection.MALFORMED_AUTHORIZATION);
            }
            // Another scheme (Basic, DPoP, ...) on a bearer-protected resource: a different method.
            throw new TokenRejectedException(Rejection.MISSING_TOKEN);
        }
        String token = header.substring(PREFIX.length());
        if (!isB64Token(token)) {
            throw new TokenRejectedException(Rejection.MALFORMED_AUTHORIZATION);
        }
        return token;
    }

    // RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    private static boolean isB64Token(String token) {
        int i = 0;
        int n = token.length();
        while (i < n && isTokenChar(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < n && token.charAt(i) == '=') {
            i++;
        }
        return i == n;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
