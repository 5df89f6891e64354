package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.route.Route;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a gateway needs to start (the YAML configuration binds to this).
 *
 * @param host                 the listener's interface
 * @param port                 its port (0: any free one)
 * @param listeners            how many event loops accept and forward requests, each with its own upstream
 *                             connections (as nginx's {@code worker_processes}); by default one per core
 * @param transport            how the event loops do their I/O (epoll, NIO or, asked for, io_uring); by default epoll
 * @param certificate          the listener's PEM certificate chain
 * @param privateKey           its PEM private key
 * @param trustedCertificates  PEM certificates trusted for the token server and the upstreams (TLS verified)
 * @param issuer               the token server's issuer: its keys verify every JWT the gateway passes on
 * @param introspectionClient  the gateway's own client id at the token server
 * @param introspectionSecret  its secret
 * @param cacheMaxTtl          the longest an introspected token is served from the cache
 * @param routes               the routes, none implicit
 * @param deny                 who may not pass, whatever their credentials
 * @param invalidTokens        how many tokens that fail verification one address may present per window before
 *                             its requests with a token are refused unchecked (429)
 * @param redis                for several gateway nodes: the Redis that holds their shared rate limits, token
 *                             cache and deny list, and carries the token server's revocation notices
 * @param admin                the admin listener (health, metrics, reload, deny list)
 */
public record GatewaySettings(String host, int port, int listeners, NetworkTransport transport, Path certificate,
                              Path privateKey, Path trustedCertificates, URI issuer, String introspectionClient,
                              String introspectionSecret, Duration cacheMaxTtl, List<Route> routes, DenyList deny,
                              RatePolicy invalidTokens, Optional<SharedStore> redis, Admin admin) {

    /**
     * The admin listener: HTTPS with the gateway's certificate, loopback by default. Its health answers are open
     * (probes carry no token); everything else takes the token server's JWTs for {@code audience}, with scope
     * {@code gateway:metrics} for the metrics and {@code gateway:admin} for changes.
     *
     * @param port 0: any free one
     */
    public record Admin(String host, int port, String audience) {
        public static final Admin DEFAULT = new Admin("127.0.0.1", 8445, "apisec-gateway-admin");

        public Admin {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(audience, "audience");
        }
    }

    /**
     * @param url               {@code redis://host:port}
     * @param failOpenToLocal   when Redis cannot decide: this node's own limits (true) or 503 (false, fail closed)
     * @param revocationChannel where the token server announces revocations (its {@code revocation-notices})
     */
    public record SharedStore(String url, boolean failOpenToLocal, String revocationChannel) {
        public static final String DEFAULT_REVOCATION_CHANNEL = "apisec:revocations";

        public SharedStore {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(revocationChannel, "revocationChannel");
        }

        public SharedStore(String url, boolean failOpenToLocal) {
            this(url, failOpenToLocal, DEFAULT_REVOCATION_CHANNEL);
        }
    }

    /** One listener per core: a request is read, forwarded and answered on one event loop. */
    public static final int DEFAULT_LISTENERS = Runtime.getRuntime().availableProcessors();
    /** More event loops than this would only contend for the cores. */
    public static final int MAX_LISTENERS = 256;

    public GatewaySettings {
        Objects.requireNonNull(host, "host");
        if (listeners < 1 || listeners > MAX_LISTENERS) {
            throw new IllegalArgumentException("listeners must be 1 to " + MAX_LISTENERS + ", was " + listeners);
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(introspectionClient, "introspectionClient");
        Objects.requireNonNull(introspectionSecret, "introspectionSecret");
        Objects.requireNonNull(cacheMaxTtl, "cacheMaxTtl");
        routes = List.copyOf(routes);
        Objects.requireNonNull(deny, "deny");
        Objects.requireNonNull(invalidTokens, "invalidTokens");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(admin, "admin");
    }

    /**
     * The settings a reload cannot change, for lack of a restart: anything but the routes, the deny list (the
     * invalid-token budget with it) and the listener's certificate files. Returns the first key that differs, if any.
     */
    public Optional<String> restartNeededFor(GatewaySettings next) {
        if (!host.equals(next.host) || port != next.port) {
            return Optional.of("server.host/server.port");
        }
        if (listeners != next.listeners) {
            return Optional.of("server.listeners");
        }
        if (transport != next.transport) {
            return Optional.of("server.transport");
        }
        if (!trustedCertificates.equals(next.trustedCertificates)) {
            return Optional.of("token-server.trust");
        }
        if (!issuer.equals(next.issuer) || !introspectionClient.equals(next.introspectionClient)
                || !introspectionSecret.equals(next.introspectionSecret)) {
            return Optional.of("token-server");
        }
        if (!cacheMaxTtl.equals(next.cacheMaxTtl)) {
            return Optional.of("cache.max-ttl");
        }
        if (!redis.equals(next.redis)) {
            return Optional.of("redis");
        }
        if (!admin.equals(next.admin)) {
            return Optional.of("admin");
        }
        return Optional.empty();
    }

    /** These settings with another invalid-token budget. */
    public GatewaySettings withInvalidTokens(RatePolicy budget) {
        return new GatewaySettings(host, port, listeners, transport, certificate, privateKey, trustedCertificates,
                issuer, introspectionClient, introspectionSecret, cacheMaxTtl, routes, deny, budget, redis, admin);
    }

    /** The token server's introspection endpoint, under the issuer. */
    URI introspectionEndpoint() {
        return URI.create(issuer.toString().replaceAll("/+$", "") + "/oauth/introspect");
    }
}
