package io.apisec.jwt.jwks;

import java.net.URI;
import java.util.Locale;

/** Key material is fetched over HTTPS only; plain HTTP is tolerated on loopback, for tests and sidecars. */
final class EndpointRule {

    private EndpointRule() {
    }

    static URI requireSecure(String setting, URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException(setting + ": '" + uri + "' is not an absolute http(s) URL");
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(setting + ": '" + uri + "' must not carry user info or a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return uri;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return uri;
        }
        throw new IllegalArgumentException(setting + ": '" + uri
                + "' must use https (plain http is accepted only on loopback: 127.0.0.0/8, [::1], localhost)");
    }

    /**
     * Decides on the literal host: an IPv4 address in 127.0.0.0/8, [::1], or the name localhost
     * (reserved for loopback by RFC 6761, and resolved from the hosts file). Other names never pass,
     * whatever they resolve to.
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
            return true;
        }
        String[] octets = h.split("\\.", -1);
        if (octets.length != 4 || !octets[0].equals("127")) {
            return false;
        }
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
