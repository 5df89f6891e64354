package io.apisec.tokenserver.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds the whole document into a {@link TokenServerConfig}, section by section, then checks the rules
 * that span sections: the issuer against the listener, the admin port against the public one, and
 * sensitive claims against the clients that could receive them.
 */
final class ConfigBinder {

    private ConfigBinder() {
    }

    static TokenServerConfig bind(ConfigDocument document, Map<String, String> environment) {
        ConfigObject root = ConfigObject.root(document);
        SecretResolver secrets = new SecretResolver(environment);
        ServerConfig server = ServerSection.bind(root.object("server"));
        URI issuer = issuer(root, server);
        AdminConfig admin = admin(root.object("admin"), server);
        StorageConfig storage = StorageSection.bind(root.object("storage"), secrets);
        KeysConfig keys = KeysSection.bind(root.object("keys"), secrets);
        TokensConfig tokens = tokens(root.object("tokens"));
        List<ConfigObject> clientObjects = root.objects("clients");
        List<ClientConfig> clients = ClientSection.bind(clientObjects, tokens, secrets);
        List<ConfigObject> claimObjects = root.objects("claims");
        List<ClaimConfig> claims = ClaimSection.bind(claimObjects);
        SensitiveClaimCheck.firstExposure(claims, clients).ifPresent(exposure -> {
            ClaimConfig claim = claims.get(exposure.claimIndex());
            ClientConfig client = clients.get(exposure.clientIndex());
            throw claimObjects.get(exposure.claimIndex()).error("sensitive", "value 'true' is not accepted: claim "
                    + Quote.of(claim.name()) + " would be released through scope " + Quote.of(exposure.scope())
                    + " to client " + Quote.of(client.id()) + " (" + clientObjects.get(exposure.clientIndex()).path()
                    + ", network external, token-format " + client.tokenFormat().value() + "), whose tokens leave the"
                    + " network with readable claims; a sensitive claim is never released in a JWT to such a client:"
                    + " give the client token-format opaque, or do not release the claim to that scope or audience");
        });
        return new TokenServerConfig(issuer, server, admin, storage, keys, tokens, clients, claims,
                root.optionalObject("revocation-notices").map(ConfigBinder::notices));
    }

    private static final Pattern REDIS_URL = Pattern.compile("rediss?://[^\\s/@]+(/\\d+)?");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9:._-]{1,128}");

    private static RevocationNoticesConfig notices(ConfigObject notices) {
        String url = notices.requiredText("redis-url");
        if (!REDIS_URL.matcher(url).matches()) {
            throw notices.error("redis-url", "value " + Quote.of(url) + " is not accepted; expected"
                    + " redis://host:port (rediss:// for TLS), without credentials");
        }
        String channel = notices.text("channel").orElse(RevocationNoticesConfig.DEFAULT_CHANNEL);
        if (!CHANNEL.matcher(channel).matches()) {
            throw notices.error("channel", "value " + Quote.of(channel) + " is not accepted; expected letters, digits"
                    + " and : . _ -");
        }
        return new RevocationNoticesConfig(url, channel);
    }

    private static final Pattern ISSUER_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)*/?");

    /** An absolute https URL; http only for a plain-HTTP server on a loopback issuer host. */
    private static URI issuer(ConfigObject root, ServerConfig server) {
        String value = root.requiredText("issuer");
        URI issuer;
        try {
            issuer = new URI(value);
        } catch (URISyntaxException e) {
            throw root.error("issuer", "value " + Quote.of(value) + " is not a URL; expected an absolute https URL", e);
        }
        String scheme = issuer.getScheme();
        boolean https = "https".equalsIgnoreCase(scheme);
        boolean http = "http".equalsIgnoreCase(scheme);
        if (!(https || http) || issuer.getHost() == null || issuer.getRawUserInfo() != null) {
            throw root.error("issuer", "value " + Quote.of(value) + " is not accepted; expected an absolute https URL"
                    + " with a host, such as https://auth.example.com");
        }
        if (issuer.getRawQuery() != null || issuer.getRawFragment() != null) {
            throw root.error("issuer", "value " + Quote.of(value) + " is not accepted; an issuer has no query or fragment"
                    + " (RFC 8414)");
        }
        String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
        if (!ISSUER_PATH.matcher(path).matches() || path.matches(".*/\\.{1,2}(/.*)?")) {
            // The endpoints are routed under this path: nothing a router could read as a pattern or a dot segment.
            throw root.error("issuer", "value " + Quote.of(value) + " is not accepted; an issuer's path may hold only"
                    + " letters, digits, '-', '.', '_' and '~' between slashes, and no '.' or '..' segment");
        }
        if (http && !(server.plainHttp() && Hosts.isLoopback(issuer.getHost()))) {
            throw root.error("issuer", "value " + Quote.of(value) + " is not accepted; http is allowed only on a loopback"
                    + " host (127.0.0.0/8, ::1, localhost) with server.plain-http: true, else use https");
        }
        return issuer;
    }

    private static AdminConfig admin(ConfigObject admin, ServerConfig server) {
        String host = ServerSection.host(admin);
        int port = admin.integer("port", 8444, 0, 65535);
        boolean sameInterface = host.equalsIgnoreCase(server.host()) || Hosts.isWildcard(host)
                || Hosts.isWildcard(server.host());
        if (port != 0 && port == server.port() && sameInterface) {
            throw admin.error("port", "value " + Quote.of(Integer.toString(port)) + " is not accepted: it is also"
                    + " server.port; the admin listener needs a port of its own");
        }
        if (server.plainHttp() && !Hosts.isLoopback(host)) {
            throw admin.error("host", "value " + Quote.of(host) + " is not accepted: with server.plain-http the admin"
                    + " listener is plain HTTP too, which is allowed only on a loopback host (127.0.0.1, ::1, localhost)");
        }
        return new AdminConfig(host, port);
    }

    private static TokensConfig tokens(ConfigObject tokens) {
        Duration maxAccess = tokens.duration("max-access-token-lifetime", Duration.ofHours(1));
        Duration maxRefresh = tokens.duration("max-refresh-token-lifetime", Duration.ofDays(30));
        return new TokensConfig(maxAccess, maxRefresh);
    }
}
