package io.apisec.tokenserver.testing;

import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.config.TokenServerConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Token servers for end-to-end tests: a configuration file written to a temporary directory (HTTPS with
 * the test certificate, three clients, one claim rule), loaded the way production loads it, and started.
 */
public final class TestServers {

    public static final String PARTNER_SECRET = "partner-partner-partner-partner-partner-01";
    public static final String SERVICE_SECRET = "service-service-service-service-service-01";
    public static final String GATEWAY_SECRET = "gateway-gateway-gateway-gateway-gateway-01";
    public static final String ADMIN_SECRET = "admin-admin-admin-admin-admin-admin-admin-01";
    /** One master key for every node of a test, as a real deployment shares one. */
    public static final String MASTER_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private TestServers() {
    }

    /** A free port on loopback, for an issuer URL that must be known before the server starts. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the configuration of a node listening on {@code port} with database {@code jdbcUrl}, and loads it. */
    public static TokenServerConfig config(Path dir, String issuer, int port, String jdbcUrl) throws IOException {
        return config(dir, issuer, port, jdbcUrl, Map.of());
    }

    /** As {@link #config(Path, String, int, String)}, with overrides ({@code APISEC_*} variables) applied. */
    public static TokenServerConfig config(Path dir, String issuer, int port, String jdbcUrl,
                                           Map<String, String> overrides) throws IOException {
        Files.writeString(dir.resolve("server.pem"), TestTls.get().certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), TestTls.get().privateKeyPem());
        Path file = dir.resolve("token-server-" + port + ".yaml");
        Files.writeString(file, """
                issuer: %s
                server:
                  port: %d
                  tls:
                    certificate: server.pem
                    private-key: server-key.pem
                  max-body-bytes: 4096
                  header-timeout: PT2S
                admin:
                  port: 0
                storage:
                  url: %s
                  username: postgres
                keys:
                  master-key-env: TEST_MASTER_KEY
                clients:
                  - id: partner
                    secret-env: PARTNER_SECRET
                    authentication: client_secret_basic
                    grant-types: [client_credentials]
                    scopes: [orders:read, orders:write]
                    audiences: [orders-api]
                    attributes: {tenant: acme}
                  - id: partner-eu
                    secret-env: PARTNER_SECRET
                    authentication: client_secret_basic
                    grant-types: [client_credentials]
                    scopes: [orders:read]
                    audiences: [orders-api]
                    attributes: {tenant: acme}
                  - id: mobile
                    secret-env: PARTNER_SECRET
                    authentication: client_secret_basic
                    grant-types: [client_credentials, refresh_token]
                    scopes: [orders:read, orders:write]
                    audiences: [orders-api]
                  - id: billing-service
                    secret-env: SERVICE_SECRET
                    authentication: client_secret_post
                    token-format: jwt
                    network: internal
                    grant-types: [client_credentials, "urn:ietf:params:oauth:grant-type:token-exchange"]
                    scopes: [orders:read]
                    audiences: [orders-api]
                  - id: orders-api
                    secret-env: SERVICE_SECRET
                    authentication: client_secret_post
                    token-format: jwt
                    network: internal
                    grant-types: ["urn:ietf:params:oauth:grant-type:token-exchange"]
                    scopes: [orders:read]
                    audiences: [billing-api]
                  - id: gateway
                    secret-env: GATEWAY_SECRET
                    authentication: client_secret_basic
                    grant-types: [client_credentials]
                    scopes: [gateway]
                    audiences: [token-server]
                    network: internal
                    introspection: true
                  - id: admin
                    secret-env: ADMIN_SECRET
                    authentication: client_secret_basic
                    token-format: jwt
                    network: internal
                    grant-types: [client_credentials]
                    scopes: ["apisec:admin", "apisec:metrics"]
                    audiences: [apisec-admin]
                    access-token-lifetime: PT5M
                  - id: gateway-admin
                    secret-env: ADMIN_SECRET
                    authentication: client_secret_basic
                    token-format: jwt
                    network: internal
                    grant-types: [client_credentials]
                    scopes: ["gateway:admin", "gateway:metrics"]
                    audiences: [apisec-gateway-admin]
                    access-token-lifetime: PT5M
                claims:
                  - name: tenant
                    scopes: [orders:read]
                    source: client-attribute
                    attribute: tenant
                """.formatted(issuer, port, jdbcUrl));
        Map<String, String> environment = new HashMap<>(overrides);
        environment.putAll(Map.of("TEST_MASTER_KEY", MASTER_KEY, "PARTNER_SECRET", PARTNER_SECRET,
                "SERVICE_SECRET", SERVICE_SECRET, "GATEWAY_SECRET", GATEWAY_SECRET, "ADMIN_SECRET", ADMIN_SECRET));
        return TokenServerConfig.load(file, environment);
    }

    /** A fresh in-memory H2 database for one test class, kept while the JVM runs (as a file database would be). */
    public static String memoryDatabase(String name) {
        return "jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    public static TokenServer start(Vertx vertx, TokenServerConfig config) throws Exception {
        return await(TokenServer.start(vertx, config, Clock.systemUTC()));
    }

    /** A client that trusts only the test certificate and verifies the host name. */
    public static WebClient client(Vertx vertx, int port) {
        return WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setDefaultHost("localhost").setDefaultPort(port)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
    }

    public static MultiMap form(String... pairs) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    public static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
