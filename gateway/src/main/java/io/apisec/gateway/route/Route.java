package io.apisec.gateway.route;

import io.apisec.gateway.ratelimit.RateRule;
import io.vertx.core.http.HttpMethod;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One route: which requests it takes (host names, a path pattern at a segment boundary, methods), where they
 * go, and the controls they pass on the way: exactly one authentication method, the scopes required, rate
 * limits, what is rewritten.
 *
 * @param name           for logs and metrics
 * @param path           the path pattern; covers the paths it matches and what lies under them
 * @param hosts          the host names taken (lower case; {@code *.example.com} for any one label), none for any
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
 * @param rewrite        what changes on the way upstream
 */
public record Route(String name, PathPattern path, Set<String> hosts, Set<HttpMethod> methods, Upstreams upstreams,
                    AuthMethod auth, Optional<String> publicReason, List<String> requiredScopes,
                    List<ScopeRule> scopeRules, List<RateRule> rateLimits, Optional<String> audience, long maxBodyBytes,
                    Rewrite rewrite) {

    /** The body limit when a route names none. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public Route {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        hosts = Set.copyOf(hosts);
        methods = Set.copyOf(methods);
        Objects.requireNonNull(upstreams, "upstreams");
        Objects.requireNonNull(auth, "auth");
        requiredScopes = List.copyOf(requiredScopes);
        scopeRules = List.copyOf(scopeRules);
        rateLimits = List.copyOf(rateLimits);
        Objects.requireNonNull(publicReason, "publicReason");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(rewrite, "rewrite");
        if (auth == AuthMethod.JWT && audience.map(String::isBlank).orElse(true)) {
            throw new IllegalArgumentException("route " + name + ": a jwt route names the audience its JWTs must carry");
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
        for (String host : hosts) {
            if (!host.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")) {
                throw new IllegalArgumentException("route " + name + ": \"" + host + "\" is not a host name in lower"
                        + " case (a leading *. for any one label)");
            }
        }
        List<String> parameters = path.parameters();
        rewrite.path().ifPresent(target -> {
            if (!parameters.containsAll(target.parameters())) {
                throw new IllegalArgumentException("route " + name + ": the rewritten path uses a parameter its path"
                        + " does not have");
            }
        });
    }

    /** Whether the route takes requests for {@code host} (lower case, no port). */
    public boolean takesHost(String host) {
        return takesHostName(hostName(host));
    }

    /** The request's host as routes name hosts: lower case, without the root's dot; empty when there is none. */
    public static String hostName(String host) {
        if (host == null) {
            return "";
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@link #takesHost} for a host already in {@link #hostName}'s form. */
    boolean takesHostName(String name) {
        if (hosts.isEmpty()) {
            return true;
        }
        for (String taken : hosts) {
            // *.example.com: exactly one more, non-empty label.
            if (taken.equals(name) || taken.startsWith("*.") && name.endsWith(taken.substring(1))
                    && name.indexOf('.') > 0 && name.indexOf('.') == name.length() - taken.length() + 1) {
                return true;
            }
        }
        return false;
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

    /** Whether {@code path} (canonical, decoded) lies under this route's path, at a segment boundary. */
    public boolean covers(String canonicalPath) {
        return path.covers(canonicalPath);
    }

    /** A route under construction, with the defaults: GET only, any host, no scopes or limits, 1 MiB bodies. */
    public static Builder builder(String name, String path) {
        return new Builder(name, path);
    }

    /** Builds a {@link Route}; the record's constructor checks it. */
    public static final class Builder {
        private final String name;
        private final PathPattern path;
        private Set<String> hosts = Set.of();
        private Set<HttpMethod> methods = Set.of(HttpMethod.GET);
        private Upstreams upstreams;
        private AuthMethod auth;
        private Optional<String> publicReason = Optional.empty();
        private List<String> scopes = List.of();
        private List<ScopeRule> scopeRules = List.of();
        private List<RateRule> rateLimits = List.of();
        private Optional<String> audience = Optional.empty();
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Rewrite rewrite = Rewrite.NONE;

        private Builder(String name, String path) {
            this.name = name;
            this.path = PathPattern.parse(path);
        }

        public Builder hosts(String... hosts) {
            this.hosts = Set.of(hosts);
            return this;
        }

        public Builder methods(HttpMethod... methods) {
            this.methods = Set.of(methods);
            return this;
        }

        public Builder upstream(URI upstream) {
            return upstreams(Upstreams.of(upstream));
        }

        public Builder upstreams(Upstreams upstreams) {
            this.upstreams = upstreams;
            return this;
        }

        public Builder phantom() {
            this.auth = AuthMethod.PHANTOM;
            return this;
        }

        public Builder jwt(String audience) {
            this.auth = AuthMethod.JWT;
            this.audience = Optional.of(audience);
            return this;
        }

        public Builder publicBecause(String reason) {
            this.auth = AuthMethod.PUBLIC;
            this.publicReason = Optional.of(reason);
            return this;
        }

        public Builder scopes(String... scopes) {
            this.scopes = List.of(scopes);
            return this;
        }

        public Builder scopeRules(ScopeRule... rules) {
            this.scopeRules = List.of(rules);
            return this;
        }

        public Builder rateLimits(RateRule... limits) {
            this.rateLimits = List.of(limits);
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder rewrite(Rewrite rewrite) {
            this.rewrite = rewrite;
            return this;
        }

        public Route build() {
            return new Route(name, path, hosts, methods, Objects.requireNonNull(upstreams, "upstreams"),
                    Objects.requireNonNull(auth, "auth"), publicReason, scopes, scopeRules, rateLimits, audience,
                    maxBodyBytes, rewrite);
        }
    }
}
