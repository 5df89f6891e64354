package io.apisec.gateway.admin;

import io.apisec.gateway.Gateway;
import io.apisec.gateway.block.DenyKind;
import io.apisec.gateway.config.GatewayConfig;
import io.apisec.gateway.testing.TestChain;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin listener end to end, on a gateway started from a file as {@code gateway --config} starts it: open
 * health, the metrics and the changes behind the token server's admin JWTs, deny-list entries that take effect
 * at once, reloads that apply a valid file and keep the running configuration otherwise.
 */
class GatewayAdminTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer upstream;
    private static Gateway gateway;
    private static WebClient toTokenServer;
    private static WebClient toGateway;
    private static WebClient toAdmin;
    private static Path file;
    private static final AtomicInteger reached = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        toTokenServer = TestServers.client(vertx, tokenServer.port());
        upstream = TestChain.upstream(vertx, request -> {
            reached.incrementAndGet();
            request.response().end("ok");
        });
        file = dir.resolve("gateway.yaml");
        Files.writeString(file, config("", 0));
        Map<String, String> env = Map.of("GATEWAY_SECRET", TestServers.GATEWAY_SECRET);
        gateway = await(Gateway.start(vertx, GatewayConfig.load(file, env), line -> { },
                () -> GatewayConfig.load(file, env)));
        toGateway = TestServers.client(vertx, gateway.port());
        toAdmin = TestServers.client(vertx, gateway.adminPort());
    }

    /** The gateway's file: an orders route, plus {@code extraRoute}; the listener on {@code port} (0: any). */
    private static String config(String extraRoute, int port) {
        return """
                server:
                  host: localhost
                  port: %d
                  tls: {certificate: server.pem, private-key: server-key.pem}
                admin:
                  host: localhost
                  port: 0
                token-server:
                  issuer: %s
                  client-id: gateway
                  client-secret-env: GATEWAY_SECRET
                  trust: server.pem
                routes:
                  - name: orders
                    path: /orders
                    methods: [GET]
                    upstream: https://localhost:%d
                    auth: phantom
                    scopes: [orders:read]
                %s""".formatted(port, TestChain.issuer(tokenServer.port()), upstream.actualPort(), extraRoute);
    }

    @AfterAll
    static void stop() throws Exception {
        TestChain.stop(vertx, List.of(toAdmin, toGateway, toTokenServer),
                List.of(gateway::close, upstream::close, tokenServer::close));
    }

    @Test
    void healthIsOpenForProbesButOnlyAdministratorsSeeWhichDependencyIsDown() throws Exception {
        HttpResponse<Buffer> live = await(toAdmin.get("/health/live").send());
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<Buffer> ready = await(toAdmin.get("/health/ready").send());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.bodyAsJsonObject().fieldNames()).containsExactly("status");
        assertThat(await(toAdmin.get("/health/checks").send()).statusCode()).isEqualTo(401);
        HttpResponse<Buffer> checks = await(toAdmin.get("/health/checks")
                .bearerTokenAuthentication(adminToken("gateway:metrics")).send());
        assertThat(checks.statusCode()).isEqualTo(200);
        assertThat(checks.bodyAsJsonObject().getJsonObject("checks").getString("token_server_keys")).isEqualTo("UP");
    }

    @Test
    void everythingElseNeedsAnAdminJwtForTheGatewaysAudienceWithTheRightScope() throws Exception {
        HttpResponse<Buffer> none = await(toAdmin.get("/metrics").send());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
        // The token server's own admin token: valid, but for another audience.
        String tokenServerAdmin = await(toTokenServer.post("/oauth/token").basicAuthentication("admin",
                TestServers.ADMIN_SECRET).sendForm(form("grant_type", "client_credentials")))
                .bodyAsJsonObject().getString("access_token");
        assertThat(await(toAdmin.get("/metrics").bearerTokenAuthentication(tokenServerAdmin).send()).statusCode())
                .isEqualTo(401);
        // An opaque token is no admin credential either.
        assertThat(await(toAdmin.get("/deny").bearerTokenAuthentication(partnerToken()).send()).statusCode())
                .isEqualTo(401);
        String metricsOnly = adminToken("gateway:metrics");
        assertThat(await(toAdmin.get("/metrics").bearerTokenAuthentication(metricsOnly).send()).statusCode())
                .isEqualTo(200);
        for (var change : new String[] {"/deny", "/config/reload"}) {
            HttpResponse<Buffer> refused = await((change.equals("/deny") ? toAdmin.get(change) : toAdmin.post(change))
                    .bearerTokenAuthentication(metricsOnly).send());
            assertThat(refused.statusCode()).as(change).isEqualTo(403);
            assertThat(refused.getHeader("WWW-Authenticate")).contains("insufficient_scope");
        }
        assertThat(await(toAdmin.get("/nothing").bearerTokenAuthentication(metricsOnly).send()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void theMetricsCountRequestsRefusalsAndTheCachesHits() throws Exception {
        String admin = adminToken("gateway:metrics");
        String before = scrape(admin);
        String opaque = partnerToken();
        for (int i = 0; i < 3; i++) {
            assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode())
                    .isEqualTo(200);
        }
        assertThat(await(toGateway.get("/orders/1").send()).statusCode()).isEqualTo(401);
        assertThat(await(toGateway.get("/elsewhere").send()).statusCode()).isEqualTo(404);
        String after = scrape(admin);

        String ok = "apisec_gateway_requests_seconds_count{route=\"orders\",status=\"2xx\"}";
        assertThat(value(after, ok) - value(before, ok)).isEqualTo(3);
        assertThat(after).contains("apisec_gateway_requests_seconds_bucket{route=\"orders\",status=\"2xx\",le=");
        String noToken = "apisec_gateway_refusals_total{reason=\"no token\",route=\"orders\"}";
        assertThat(value(after, noToken) - value(before, noToken)).isEqualTo(1);
        String noRoute = "apisec_gateway_refusals_total{reason=\"no route\",route=\"none\"}";
        assertThat(value(after, noRoute) - value(before, noRoute)).isEqualTo(1);
        String lookups = "apisec_gateway_phantom_lookups_total{outcome=\"active\"}";
        String calls = "apisec_gateway_introspections_total{outcome=\"active\"}";
        assertThat(value(after, lookups) - value(before, lookups)).isEqualTo(3);
        assertThat(value(after, calls) - value(before, calls)).as("two of three from the cache").isEqualTo(1);
        assertThat(after).contains("jvm_memory_used_bytes");
    }

    @Test
    void aDenyListEntryAddedThroughTheApiTakesEffectAtOnceAndCanBeRemoved() throws Exception {
        String admin = adminToken("gateway:admin");
        String opaque = partnerToken();
        assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode())
                .isEqualTo(200);

        HttpResponse<Buffer> added = await(toAdmin.post("/deny/clients").bearerTokenAuthentication(admin)
                .sendJsonObject(new JsonObject().put("entry", "partner")));
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(await(toAdmin.post("/deny/clients").bearerTokenAuthentication(admin)
                .sendJsonObject(new JsonObject().put("entry", "partner"))).statusCode()).isEqualTo(200);
        int before = reached.get();
        HttpResponse<Buffer> denied = await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send());
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.bodyAsJsonObject().getString("error")).isEqualTo("access_denied");
        assertThat(reached.get()).isEqualTo(before);
        assertThat(await(toAdmin.get("/deny").bearerTokenAuthentication(admin).send()).bodyAsJsonObject()
                .getJsonObject("added").getJsonArray("clients")).containsExactly("partner");

        assertThat(await(toAdmin.delete("/deny/clients").addQueryParam("entry", "partner")
                .bearerTokenAuthentication(admin).send()).statusCode()).isEqualTo(204);
        assertThat(await(toAdmin.delete("/deny/clients").addQueryParam("entry", "partner")
                .bearerTokenAuthentication(admin).send()).statusCode()).isEqualTo(404);
        assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theDenyListHoldsForAdministratorsToo() throws Exception {
        String admin = adminToken("gateway:metrics");
        assertThat(await(gateway.deny(DenyKind.CLIENTS, "gateway-admin"))).isTrue();
        try {
            HttpResponse<Buffer> denied = await(toAdmin.get("/metrics").bearerTokenAuthentication(admin).send());
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.bodyAsJsonObject().getString("error")).isEqualTo("access_denied");
        } finally {
            assertThat(await(gateway.undeny(DenyKind.CLIENTS, "gateway-admin"))).isTrue();
        }
        assertThat(await(toAdmin.get("/metrics").bearerTokenAuthentication(admin).send()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBadDenyListChangeIsRefusedAndChangesNothing() throws Exception {
        String admin = adminToken("gateway:admin");
        for (JsonObject body : new JsonObject[] {new JsonObject().put("entry", "example.com"),
                new JsonObject().put("entry", "10.0.0.0/33"), new JsonObject().put("entry", 7), new JsonObject()}) {
            HttpResponse<Buffer> refused = await(toAdmin.post("/deny/addresses").bearerTokenAuthentication(admin)
                    .sendJsonObject(body));
            assertThat(refused.statusCode()).as(body.encode()).isEqualTo(400);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
        }
        assertThat(await(toAdmin.post("/deny/clients").bearerTokenAuthentication(admin)
                .sendJsonObject(new JsonObject().put("entry", "a\u0000b"))).statusCode()).isEqualTo(400);
        assertThat(await(toAdmin.post("/deny/clients").bearerTokenAuthentication(admin)
                .sendJsonObject(new JsonObject().put("entry", "x".repeat(AdminApi.MAX_BODY_BYTES))))
                .statusCode()).isEqualTo(413);
        assertThat(await(toAdmin.post("/deny/hosts").bearerTokenAuthentication(admin)
                .sendJsonObject(new JsonObject().put("entry", "x"))).statusCode()).isEqualTo(404);
        JsonObject added = await(toAdmin.get("/deny").bearerTokenAuthentication(admin).send()).bodyAsJsonObject()
                .getJsonObject("added");
        assertThat(added.getJsonArray("addresses")).isEmpty();
    }

    @Test
    synchronized void aReloadAppliesAValidFileAndKeepsTheRunningConfigurationOtherwise() throws Exception {
        String admin = adminToken("gateway:admin");
        String opaque = partnerToken();
        assertThat(await(toGateway.get("/status").send()).statusCode()).isEqualTo(404);
        String status = """
                  - name: status
                    path: /status
                    methods: [GET]
                    upstream: https://localhost:%d
                    auth: public
                    reason: probes
                """.formatted(upstream.actualPort());
        try {
            Files.writeString(file, config(status, 0));
            HttpResponse<Buffer> reloaded = await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send());
            assertThat(reloaded.statusCode()).isEqualTo(200);
            assertThat(reloaded.bodyAsJsonObject().getJsonArray("routes")).containsExactly("orders", "status");
            assertThat(await(toGateway.get("/status").send()).statusCode()).isEqualTo(200);

            Files.writeString(file, config(status.replace("reason: probes", "reasons: probes"), 0));
            HttpResponse<Buffer> invalid = await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send());
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.bodyAsJsonObject().getString("error_description"))
                    .contains("routes[status].reasons is not a known key");

            Files.writeString(file, config("", 1));
            HttpResponse<Buffer> restart = await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send());
            assertThat(restart.statusCode()).isEqualTo(409);
            assertThat(restart.bodyAsJsonObject().getString("error_description")).contains("server.host/server.port");

            // Neither refused file changed anything: the route the first reload added still answers.
            assertThat(await(toGateway.get("/status").send()).statusCode()).isEqualTo(200);
            assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode())
                    .isEqualTo(200);
        } finally {
            Files.writeString(file, config("", 0));
            assertThat(await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    synchronized void aReloadRotatesTheCertificateAndRefusesAKeyThatDoesNotFitIt() throws Exception {
        String admin = adminToken("gateway:admin");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair rotated = generator.generateKeyPair();
        X509Certificate certificate = TestTls.selfSigned(rotated, "SHA256withECDSA");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        try {
            Files.writeString(key, pem("PRIVATE KEY", rotated.getPrivate().getEncoded()));
            HttpResponse<Buffer> mismatch = await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send());
            assertThat(mismatch.statusCode()).isEqualTo(400);
            assertThat(mismatch.bodyAsJsonObject().getString("error_description"))
                    .contains("the private key does not belong to the certificate");
            assertThat(await(toGateway.get("/elsewhere").send()).statusCode()).as("still the old certificate")
                    .isEqualTo(404);

            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
            assertThat(await(toAdmin.post("/config/reload").bearerTokenAuthentication(admin).send()).statusCode())
                    .isEqualTo(200);
            WebClient trustingTheNew = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                    .setDefaultHost("localhost").setDefaultPort(gateway.port()).setTrustOptions(new PemTrustOptions()
                            .addCertValue(Buffer.buffer(pem("CERTIFICATE", certificate.getEncoded())))));
            try {
                assertThat(await(trustingTheNew.get("/elsewhere").send()).statusCode()).isEqualTo(404);
            } finally {
                trustingTheNew.close();
            }
        } finally {
            Files.writeString(cert, TestTls.get().certificatePem());
            Files.writeString(key, TestTls.get().privateKeyPem());
            WebClient rotatedAdmin = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true)
                    .setVerifyHost(false).setDefaultHost("localhost").setDefaultPort(gateway.adminPort()));
            try {
                // The admin listener may serve either certificate now: trusted blindly for this one restoring call.
                assertThat(await(rotatedAdmin.post("/config/reload").bearerTokenAuthentication(admin).send())
                        .statusCode()).isEqualTo(200);
            } finally {
                rotatedAdmin.close();
            }
        }
        assertThat(await(toAdmin.get("/health/live").send()).statusCode()).isEqualTo(200);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static String scrape(String token) throws Exception {
        HttpResponse<Buffer> response = await(toAdmin.get("/metrics").bearerTokenAuthentication(token).send());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        return response.bodyAsString();
    }

    /** A sample's value, 0 when the series does not exist yet. */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static String adminToken(String scope) throws Exception {
        HttpResponse<Buffer> response = await(toTokenServer.post("/oauth/token").basicAuthentication("gateway-admin",
                TestServers.ADMIN_SECRET).sendForm(form("grant_type", "client_credentials", "scope", scope)));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsJsonObject().getString("access_token");
    }

    private static String partnerToken() throws Exception {
        return await(toTokenServer.post("/oauth/token").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }
}
