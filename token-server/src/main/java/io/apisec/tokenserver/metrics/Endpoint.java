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

    /** The endpoint a normalized request path belongs to; {@link #OTHER} for anything unknown. */
    public static Endpoint of(String path) {
        if (path == null) {
            return OTHER;
        }
        // The router matches a route with or without trailing slashes.
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        String p = path.substring(0, end);
        return switch (p) {
            case "/oauth/token" -> TOKEN;
            case "/oauth/introspect" -> INTROSPECT;
            case "/oauth/revoke" -> REVOKE;
            case "/oauth/jwks" -> JWKS;
            case "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" -> METADATA;
            case "/health/live", "/health/ready" -> HEALTH;
            default -> p.equals("/admin") || p.startsWith("/admin/") ? ADMIN : OTHER;
        };
    }
}
