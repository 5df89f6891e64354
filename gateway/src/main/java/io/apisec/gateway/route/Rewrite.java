package io.apisec.gateway.route;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a route changes in the request on its way to the upstream: the path (a template in the route path's
 * syntax, its parameters from the route's path, the rest of the request's path kept after it, the query kept),
 * headers set to fixed values, headers removed. Headers that the gateway itself controls cannot be named.
 *
 * @param path          the upstream path's template, if the path is rewritten
 * @param setHeaders    header names (lower case) and the values they get
 * @param removeHeaders header names (lower case) removed
 */
public record Rewrite(Optional<PathPattern> path, Map<String, String> setHeaders, Set<String> removeHeaders) {

    public static final Rewrite NONE = new Rewrite(Optional.empty(), Map.of(), Set.of());

    /** Set by the gateway for every request, or hop-by-hop: never a route's to change. */
    static final Set<String> RESERVED = Set.of("authorization", "forwarded", "x-request-id", "host", "connection",
            "keep-alive", "te", "trailer", "transfer-encoding", "upgrade", "proxy-authorization", "proxy-connection",
            "content-length", "content-type");

    public Rewrite {
        Objects.requireNonNull(path, "path");
        setHeaders = Map.copyOf(new TreeMap<>(setHeaders));
        removeHeaders = Set.copyOf(removeHeaders);
        for (String name : Set.copyOf(setHeaders.keySet())) {
            checkName(name);
            String value = setHeaders.get(name);
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new IllegalArgumentException("the value of header " + name + " holds a control character");
            }
        }
        removeHeaders.forEach(Rewrite::checkName);
    }

    private static void checkName(String name) {
        if (!name.matches("[a-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
            throw new IllegalArgumentException("\"" + name + "\" is not a header name in lower case");
        }
        if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("header " + name + " is the gateway's to set");
        }
    }
}
