package io.apisec.tokenserver.metrics;

import java.util.Locale;

/**
 * The {@code endpoint} tag of request metrics: a fixed set, never the raw path, which the caller controls
 * (one series per path would let anyone exhaust the registry).
 */
public enum Endpoint {
    TOKEN, INTROSPECT, REVOKE, JWKS, METADATA, HEALTH, ADMIN, OTHER;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }

    private static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

    /**
     * The endpoint a normalized request path belongs to when the OAuth endpoints are served under
     * {@code issuerPath} (RFC 8414 §3.1: the metadata at {@code /.well-known/oauth-authorization-server} followed
     * by that path); health stays at the root; {@link #OTHER} for anything else.
     */
    public static Endpoint of(String path, String issuerPath) {
        if (issuerPath.isEmpty() || path == null) {
            return of(path);
        }
        String p = trimmed(path);
        if (of(p) == HEALTH) {
            return HEALTH;
        }
        if (p.equals(METADATA_PATH + issuerPath)) {
            return METADATA;
        }
        if (p.startsWith(issuerPath + "/")) {
            Endpoint under = of(p.substring(issuerPath.length()));
            return under == TOKEN || under == INTROSPECT || under == REVOKE || under == JWKS ? under : OTHER;
        }
        return OTHER;
    }

    /** The endpoint a normalized request path belongs to; {@link #OTHER} for anything unknown. */
    public static Endpoint of(String path) {
        if (path == null) {
            return OTHER;
        }
        String p = trimmed(path);
        return switch (p) {
            case "/oauth/token" -> TOKEN;
            case "/oauth/introspect" -> INTROSPECT;
            case "/oauth/revoke" -> REVOKE;
            case "/oauth/jwks" -> JWKS;
            case METADATA_PATH, "/.well-known/openid-configuration" -> METADATA;
            case "/health/live", "/health/ready" -> HEALTH;
            default -> p.equals("/admin") || p.startsWith("/admin/") ? ADMIN : OTHER;
        };
    }

    /** Without trailing slashes: the router matches a route with or without them. */
    private static String trimmed(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
