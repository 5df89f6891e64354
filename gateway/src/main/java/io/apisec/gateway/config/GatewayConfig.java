package io.apisec.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.apisec.gateway.GatewaySettings;
import io.apisec.gateway.NetworkTransport;
import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.block.InvalidTokenBudget;
import io.apisec.gateway.hygiene.AmbiguousPathException;
import io.apisec.gateway.hygiene.CanonicalPath;
import io.apisec.gateway.ratelimit.RateKey;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.ratelimit.RateRule;
import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.PathPattern;
import io.apisec.gateway.route.Rewrite;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.RouteTable;
import io.apisec.gateway.route.ScopeRule;
import io.apisec.gateway.route.Upstreams;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the gateway's YAML file into {@link GatewaySettings}, validating every value: a bad file is refused with
 * a message naming the key (and the route), and nothing starts. Secrets come from environment variables named in
 * the file, never from the file. Relative file paths are read from the file's folder. See
 * {@code gateway/config/gateway.example.yaml}.
 */
public final class GatewayConfig {

    /** A file larger than this is not a configuration. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GatewayConfig() {
    }

    public static GatewaySettings load(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new GatewayConfigException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new GatewayConfigException(file + " is not valid YAML (line " + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new GatewayConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return bind(root, file.toAbsolutePath().getParent(), environment);
        } catch (GatewayConfigException e) {
            throw new GatewayConfigException(file + ": " + e.getMessage(), e);
        }
    }

    private static GatewaySettings bind(JsonNode root, Path folder, Map<String, String> environment) {
        Set<String> consulted = new HashSet<>();
        Section top = new Section(root, "", Set.of("server", "admin", "token-server", "cache", "routes", "deny",
                "redis"), environment, consulted);
        Section server = top.section("server", Set.of("host", "port", "listeners", "transport", "tls"));
        Section tls = server.section("tls", Set.of("certificate", "private-key"));
        Section tokenServer = top.section("token-server", Set.of("issuer", "client-id", "client-secret-env", "trust"));
        URI issuer = httpsUrl(tokenServer, "issuer");
        Duration cacheTtl = top.optionalSection("cache", Set.of("max-ttl"))
                .map(cache -> cache.duration("max-ttl", Duration.ofMinutes(5))).orElse(Duration.ofMinutes(5));
        List<Route> routes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> overridesOf = new HashMap<>();
        List<JsonNode> items = top.list("routes");
        if (items.isEmpty()) {
            throw Section.error("routes", "is empty; a gateway without routes refuses everything");
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String label = item.hasNonNull("name") ? item.get("name").asText() : Integer.toString(i);
            Route route = route(folder, top.item(item, "routes[" + label + "]", ROUTE_KEYS));
            if (!names.add(route.name())) {
                throw Section.error("routes[" + label + "].name", "is used by another route; names are unique");
            }
            String variables = Section.overrideVariable("routes[" + route.name() + "]");
            String other = overridesOf.putIfAbsent(variables, route.name());
            if (other != null) {
                throw Section.error("routes[" + label + "].name", "shares its environment variables (" + variables
                        + "_*) with route " + other + "; rename one");
            }
            routes.add(route);
        }
        try {
            new RouteTable(routes);
        } catch (IllegalArgumentException e) {
            throw Section.error("routes", "cannot be told apart: " + e.getMessage());
        }
        GatewaySettings settings = new GatewaySettings(server.optionalText("host").orElse("127.0.0.1"),
                (int) server.number("port", 8443, 0, 65535),
                (int) server.number("listeners", GatewaySettings.DEFAULT_LISTENERS, 1, GatewaySettings.MAX_LISTENERS),
                transport(server),
                file(folder, tls, "certificate"),
                file(folder, tls, "private-key"), file(folder, tokenServer, "trust"), issuer,
                tokenServer.text("client-id"), tokenServer.secretFromEnvironment("client-secret-env"),
                cacheTtl, routes, deny(top), invalidTokens(top), redis(top), admin(top));
        // An override that names no key is a typo, not a setting to ignore.
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (variable.startsWith(Section.OVERRIDE_PREFIX) && !consulted.contains(variable)) {
                throw new GatewayConfigException("the environment variable " + variable + " names no key of the"
                        + " configuration; an override is APISEC_GATEWAY_ and a key's path, such as"
                        + " APISEC_GATEWAY_SERVER_PORT or APISEC_GATEWAY_ROUTES_<ROUTE>_UPSTREAM");
            }
        }
        return settings;
    }

    private static NetworkTransport transport(Section server) {
        try {
            return server.optionalText("transport").map(NetworkTransport::named).orElse(NetworkTransport.AUTO);
        } catch (IllegalArgumentException e) {
            throw Section.error(server.label("transport"), e.getMessage());
        }
    }

    private static GatewaySettings.Admin admin(Section top) {
        Optional<Section> section = top.optionalSection("admin", Set.of("host", "port", "audience"));
        if (section.isEmpty()) {
            return GatewaySettings.Admin.DEFAULT;
        }
        Section admin = section.get();
        String audience = admin.optionalText("audience").orElse(GatewaySettings.Admin.DEFAULT.audience());
        return new GatewaySettings.Admin(admin.optionalText("host").orElse(GatewaySettings.Admin.DEFAULT.host()),
                (int) admin.number("port", GatewaySettings.Admin.DEFAULT.port(), 0, 65535), audience);
    }

    private static Optional<GatewaySettings.SharedStore> redis(Section top) {
        Optional<Section> section = top.optionalSection("redis", Set.of("url", "on-failure", "revocation-channel"));
        if (section.isEmpty()) {
            return Optional.empty();
        }
        Section redis = section.get();
        String url = redis.text("url");
        if (!url.matches("rediss?://[^\\s/]+(/\\d+)?")) {
            throw Section.error(redis.label("url"), "is \"" + url + "\"; write redis://host:port");
        }
        String onFailure = redis.optionalText("on-failure").orElse("closed");
        String channel = redis.optionalText("revocation-channel")
                .orElse(GatewaySettings.SharedStore.DEFAULT_REVOCATION_CHANNEL);
        if (!channel.matches("[A-Za-z0-9:._-]{1,128}")) {
            throw Section.error(redis.label("revocation-channel"), "is \"" + channel + "\"; use letters, digits and"
                    + " : . _ -");
        }
        return Optional.of(new GatewaySettings.SharedStore(url, switch (onFailure) {
            case "closed" -> false;
            case "local" -> true;
            default -> throw Section.error(redis.label("on-failure"), "is \"" + onFailure + "\"; choose closed (503)"
                    + " or local (this node's own limits)");
        }, channel));
    }

    private static final Set<String> DENY_KEYS = Set.of("addresses", "clients", "subjects", "invalid-tokens");

    /** {@code deny.invalid-tokens}: {limit, window, burst}, as a rate limit; the default budget when absent. */
    private static RatePolicy invalidTokens(Section top) {
        return top.optionalSection("deny", DENY_KEYS)
                .flatMap(deny -> deny.optionalSection("invalid-tokens", Set.of("limit", "window", "burst")))
                .map(budget -> rate(InvalidTokenBudget.DEFAULT.name(), budget))
                .orElse(InvalidTokenBudget.DEFAULT);
    }

    private static DenyList deny(Section top) {
        Optional<Section> section = top.optionalSection("deny", DENY_KEYS);
        if (section.isEmpty()) {
            return DenyList.empty();
        }
        Section deny = section.get();
        try {
            return DenyList.of(deny.texts("addresses"), Set.copyOf(deny.texts("clients")),
                    Set.copyOf(deny.texts("subjects")));
        } catch (IllegalArgumentException e) {
            throw Section.error(deny.label("addresses"), "holds " + e.getMessage() + "; write 192.0.2.7, 10.0.0.0/8 or"
                    + " 2001:db8::/32");
        }
    }

    private static final Set<String> ROUTE_KEYS = Set.of("name", "path", "hosts", "methods", "upstream", "upstreams",
            "timeouts", "trust", "client-certificate", "auth", "reason", "scopes", "scope-rules", "audience",
            "rate-limit", "max-body-bytes", "rewrite");

    /** A path pattern such as {@code /orders/{id}}: decoded, canonical, no trailing slash. */
    private static PathPattern pathPattern(Section section, String name) {
        String text = section.text(name);
        try {
            // Its literal segments as a request's canonical path would spell them.
            String literal = text.replaceAll("\\{[a-z0-9_]*}", "p");
            CanonicalPath canonical = CanonicalPath.of(literal);
            if (!canonical.decoded().equals(literal)) {
                throw Section.error(section.label(name), "is \"" + text + "\"; write it decoded");
            }
            return PathPattern.parse(text);
        } catch (AmbiguousPathException e) {
            throw Section.error(section.label(name), "is ambiguous (" + e.reason() + ")");
        } catch (IllegalArgumentException e) {
            throw Section.error(section.label(name), "is \"" + text + "\": " + e.getMessage());
        }
    }

    /** {@code rewrite}: the upstream path's template, headers set and removed. */
    private static Rewrite rewrite(Section route) {
        Optional<Section> section = route.optionalSection("rewrite", Set.of("path", "set-headers", "remove-headers"));
        if (section.isEmpty()) {
            return Rewrite.NONE;
        }
        Section rewrite = section.get();
        Optional<PathPattern> path = rewrite.optionalText("path").map(text -> pathPattern(rewrite, "path"));
        try {
            return new Rewrite(path, rewrite.textMap("set-headers"), Set.copyOf(rewrite.texts("remove-headers")));
        } catch (IllegalArgumentException e) {
            throw Section.error(rewrite.label("set-headers"), "or remove-headers: " + e.getMessage());
        }
    }

    /** {@code upstream} (one) or {@code upstreams} (a list), timeouts, and the client certificate for mutual TLS. */
    private static Upstreams upstreams(Path folder, Section route) {
        boolean one = route.optionalText("upstream").isPresent();
        List<String> many = route.texts("upstreams");
        if (one == !many.isEmpty()) {
            throw Section.error(route.label("upstream"), "or upstreams: name exactly one of them, such as upstream:"
                    + " https://orders.internal:8443");
        }
        List<URI> targets = new ArrayList<>();
        if (one) {
            targets.add(url(route.label("upstream"), route.text("upstream")));
        } else {
            for (String target : many) {
                targets.add(url(route.label("upstreams"), target));
            }
        }
        Duration connect = Upstreams.DEFAULT_CONNECT_TIMEOUT;
        Duration response = Upstreams.DEFAULT_RESPONSE_TIMEOUT;
        Optional<Section> timeouts = route.optionalSection("timeouts", Set.of("connect", "response"));
        if (timeouts.isPresent()) {
            connect = timeouts.get().duration("connect", connect);
            response = timeouts.get().duration("response", response);
        }
        Optional<Upstreams.ClientCertificate> certificate = route.optionalSection("client-certificate",
                Set.of("certificate", "private-key")).map(files -> new Upstreams.ClientCertificate(
                file(folder, files, "certificate"), file(folder, files, "private-key")));
        Optional<Path> trust = route.optionalText("trust").map(name -> certificates(folder, route, "trust"));
        return new Upstreams(targets, connect, response, certificate, trust);
    }

    private static Route route(Path folder, Section route) {
        String name = route.text("name");
        if (!name.matches("[a-z][a-z0-9_.-]{0,62}")) {
            throw Section.error(route.label("name"), "is \"" + name + "\"; start with a lower-case letter, then letters,"
                    + " digits, '-', '_', '.'");
        }
        PathPattern path = pathPattern(route, "path");
        Set<HttpMethod> methods = methods(route);
        if (methods.isEmpty()) {
            throw Section.error(route.label("methods"), "is required: name the methods the route takes, such as [GET]");
        }
        String auth = route.text("auth");
        AuthMethod method = switch (auth.toLowerCase(Locale.ROOT)) {
            case "phantom" -> AuthMethod.PHANTOM;
            case "jwt" -> AuthMethod.JWT;
            case "public" -> AuthMethod.PUBLIC;
            default -> throw Section.error(route.label("auth"), "is \"" + auth + "\"; choose one of phantom, jwt, public");
        };
        List<RateRule> limits = rateLimits(name, route);
        List<ScopeRule> scopeRules = scopeRules(route);
        Set<String> hosts = Set.copyOf(route.texts("hosts"));
        Rewrite rewrite = rewrite(route);
        Upstreams upstreams;
        try {
            upstreams = upstreams(folder, route);
        } catch (IllegalArgumentException e) {
            throw Section.error(route.label("upstreams"), "cannot be used: " + e.getMessage());
        }
        try {
            return new Route(name, path, hosts, methods, upstreams, method,
                    route.optionalText("reason"), route.texts("scopes"), scopeRules, limits,
                    route.optionalText("audience"), route.number("max-body-bytes", Route.DEFAULT_MAX_BODY_BYTES, 0,
                    1L << 34), rewrite);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage().replaceFirst("^route [^:]+: ", "");
            // The route's own checks: about its authentication, or about the rest of it.
            boolean aboutAuth = problem.contains("public route") || problem.contains("jwt route");
            throw aboutAuth ? Section.error(route.label("auth"), "is " + auth + ", but " + problem)
                    : Section.error(route.key("").replaceAll("\\.$", ""), problem);
        }
    }

    /** {@code rate-limit}: one mapping, or a list of them, each with its own key. */
    private static List<RateRule> rateLimits(String route, Section section) {
        Optional<JsonNode> node = section.node("rate-limit");
        if (node.isEmpty()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (node.get().isArray()) {
            node.get().forEach(items::add);
        } else {
            items.add(node.get());
        }
        List<RateRule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Section limit = section.item(items.get(i), section.key("rate-limit") + (node.get().isArray() ? "[" + i + "]"
                    : ""), Set.of("key", "limit", "window", "burst"));
            RateKey key;
            try {
                key = RateKey.parse(limit.optionalText("key").orElse("client"));
            } catch (IllegalArgumentException e) {
                throw Section.error(limit.label("key"), "is \"" + limit.optionalText("key").orElse("") + "\"; "
                        + e.getMessage());
            }
            // The policy's name in the RateLimit headers: the route's, and the key's when it has several limits.
            String name = items.size() == 1 ? route
                    : route + "." + key.label().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-");
            rules.add(new RateRule(rate(name.length() > 64 ? name.substring(0, 64) : name, limit), key));
        }
        if (rules.stream().map(rule -> rule.policy().name()).distinct().count() != rules.size()) {
            throw Section.error(section.label("rate-limit"), "names one key twice; give each limit its own key");
        }
        return rules;
    }

    private static RatePolicy rate(String name, Section limit) {
        long requests = limit.number("limit", -1, 1, Long.MAX_VALUE);
        if (requests < 1) {
            throw Section.error(limit.label("limit"), "is required");
        }
        Duration window = limit.duration("window", Duration.ofMinutes(1));
        long burst = limit.number("burst", requests, 1, requests);
        return new RatePolicy(name, requests, window, burst);
    }

    /** {@code scope-rules}: a list of {methods, content-types, scopes}. */
    private static List<ScopeRule> scopeRules(Section route) {
        if (route.node("scope-rules").isEmpty()) {
            return List.of();
        }
        List<JsonNode> items = route.list("scope-rules");
        List<ScopeRule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Section rule = route.item(items.get(i), route.key("scope-rules") + "[" + i + "]",
                    Set.of("methods", "content-types", "scopes"));
            try {
                rules.add(new ScopeRule(methods(rule), Set.copyOf(rule.texts("content-types")), rule.texts("scopes")));
            } catch (IllegalArgumentException e) {
                throw Section.error(rule.label("scopes"), "cannot be required: " + e.getMessage());
            }
        }
        return rules;
    }

    private static Set<HttpMethod> methods(Section section) {
        Set<HttpMethod> methods = new LinkedHashSet<>();
        for (String method : section.texts("methods")) {
            if (!method.matches("[A-Z]{3,7}")) {
                throw Section.error(section.label("methods"), "holds \"" + method + "\"; methods are upper case, such as"
                        + " GET");
            }
            methods.add(HttpMethod.valueOf(method));
        }
        return methods;
    }

    private static URI httpsUrl(Section section, String name) {
        return url(section.label(name), section.text(name));
    }

    /** An https URL with a host, no query, fragment or credentials: TLS to the token server and every upstream. */
    private static URI url(String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw Section.error(key, "is \"" + value + "\"; write an https URL with a host and no query, such as"
                        + " https://localhost:9443");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw Section.error(key, "is \"" + value + "\", which is not a URL");
        }
    }

    /** A PEM file of one or more certificates, read now: a wrong file is refused at load, not at the first request. */
    private static Path certificates(Path folder, Section section, String name) {
        Path path = file(folder, section, name);
        try (InputStream in = Files.newInputStream(path)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw Section.error(section.label(name), "names " + path + ", which holds no certificate");
            }
        } catch (IOException | CertificateException e) {
            throw Section.error(section.label(name), "names " + path + ", which is not a PEM file of certificates ("
                    + e.getMessage() + ")");
        }
        return path;
    }

    private static Path file(Path folder, Section section, String name) {
        Path path = folder.resolve(section.text(name)).normalize();
        if (!Files.isReadable(path)) {
            throw Section.error(section.label(name), "names " + path + ", which cannot be read");
        }
        return path;
    }
}
