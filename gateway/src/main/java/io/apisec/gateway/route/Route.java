package io.apisec.gateway.route;

import io.apisec.gateway.ratelimit.RateRule;
import io.vertx.core.http.HttpMethod;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One route: which requests it takes (a path prefix at a segment boundary, methods), where they go, and the
 * controls they pass on the way: exactly one authentication method, the scopes required, rate limits.
 *
 * @param name           for logs and metrics
 * @param pathPrefix     "/" or a canonical path without a trailing slash; matches itself and what lies under it
 * @param methods        the methods taken; others get 404 like any unmatched request
 * @param upstreams      where the requests go, and how
 * @param auth           the route's one authentication method
 * @param publicReason   required when {@code auth} is PUBLIC: why this route needs no credential
 * @param requiredScopes every one must be in the token's {@code scope}, for every request
 * @param scopeRules     more scopes required of some methods or content types
 * @param rateLimits     the limits each request counts against, each with its key
 * @param audience       required for a JWT route: the {@code aud} its JWTs must carry, so that a JWT meant for
 *                       another API (one an upstream received, say) is not accepted here
 * @param maxBodyBytes   the largest request body the route takes (413 above it)
 */
public record Route(String name, String pathPrefix, Set<HttpMethod> methods, Upstreams upstreams, AuthMethod auth,
                    Optional<String> publicReason, List<String> requiredScopes, List<ScopeRule> scopeRules,
                    List<RateRule> rateLimits, Optional<String> audience, long maxBodyBytes) {

    /** The body limit when a route names none. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(upstreams, "upstreams");
        Objects.requireNonNull(auth, "auth");
        methods = Set.copyOf(methods);
        requiredScopes = List.copyOf(requiredScopes);
        scopeRules = List.copyOf(scopeRules);
        rateLimits = List.copyOf(rateLimits);
        Objects.requireNonNull(publicReason, "publicReason");
        Objects.requireNonNull(audience, "audience");
        if (auth == AuthMethod.JWT && audience.map(String::isBlank).orElse(true)) {
            throw new IllegalArgumentException("route " + name + ": a jwt route names the audience its JWTs must carry");
        }
        if (!pathPrefix.startsWith("/") || (pathPrefix.length() > 1 && pathPrefix.endsWith("/"))) {
            throw new IllegalArgumentException("route " + name + ": path must start with / and not end with one");
        }
        if (auth == AuthMethod.PUBLIC && publicReason.map(String::isBlank).orElse(true)) {
            throw new IllegalArgumentException("route " + name + ": a public route needs a written reason");
        }
        if (auth == AuthMethod.PUBLIC && (!requiredScopes.isEmpty() || !scopeRules.isEmpty())) {
            throw new IllegalArgumentException("route " + name + ": a public route has no token to hold scopes");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("route " + name + ": the body limit is 0 bytes or more");
        }
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("route " + name + ": name at least one method");
        }
        if (rateLimits.stream().map(rule -> rule.policy().name()).distinct().count() != rateLimits.size()) {
            throw new IllegalArgumentException("route " + name + ": its rate limits need names of their own");
        }
    }

    /** The scopes a request needs: the route's, and those of every scope rule that applies to it. */
    public Set<String> scopesFor(HttpMethod method, String mediaType) {
        Set<String> needed = new LinkedHashSet<>(requiredScopes);
        for (ScopeRule rule : scopeRules) {
            if (rule.applies(method, mediaType)) {
                needed.addAll(rule.scopes());
            }
        }
        return needed;
    }

    /** Whether {@code path} (canonical, decoded) lies under this route's prefix, at a segment boundary. */
    public boolean covers(String path) {
        return pathPrefix.equals("/") || path.equals(pathPrefix) || path.startsWith(pathPrefix + "/");
    }
}
