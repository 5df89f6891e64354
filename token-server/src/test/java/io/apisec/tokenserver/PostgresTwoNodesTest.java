package io.apisec.tokenserver;

import io.apisec.tokenserver.config.TokenServerConfig;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale-out: two token-server nodes share the machine's PostgreSQL (127.0.0.1:5432, database test, in a
 * schema of their own). Runs with -Pservices; fails, not skips, when PostgreSQL is absent.
 */
@Tag("services")
class PostgresTwoNodesTest {

    private static final String ADMIN_URL = System.getenv().getOrDefault("APISEC_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String SCHEMA = "apisec_test_" + UUID.randomUUID().toString().replace("-", "");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer first;
    private static TokenServer second;
    private static WebClient toFirst;
    private static WebClient toSecond;

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        String jdbcUrl = ADMIN_URL + "?currentSchema=" + SCHEMA;
        int port = TestServers.freePort();
        String issuer = "https://localhost:" + port;
        vertx = Vertx.vertx();
        TokenServerConfig one = TestServers.config(dir, issuer, port, jdbcUrl);
        first = TestServers.start(vertx, one);
        // Same issuer, another listener: as behind a load balancer.
        int secondPort = TestServers.freePort();
        TokenServerConfig two = TestServers.config(dir, issuer, secondPort, jdbcUrl);
        second = TestServers.start(vertx, two);
        toFirst = TestServers.client(vertx, first.port());
        toSecond = TestServers.client(vertx, second.port());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            toFirst.close();
            toSecond.close();
            await(first.close());
            await(second.close());
            await(vertx.close());
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void tokenIssuedByOneNodeIntrospectsAndRevokesAtTheOther() throws Exception {
        String token = await(toFirst.post("/oauth/token").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");

        JsonObject atSecond = introspect(toSecond, token);
        assertThat(atSecond.getBoolean("active")).isTrue();
        assertThat(atSecond.getString("tenant")).isEqualTo("acme");

        assertThat(await(toSecond.post("/oauth/revoke").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("token", token))).statusCode()).isEqualTo(200);
        assertThat(introspect(toFirst, token).getBoolean("active")).isFalse();
    }

    @Test
    void bothNodesPublishTheSameKeys() throws Exception {
        assertThat(jwksKids(toFirst)).isNotEmpty();
        // Equal at once, or within a key maintenance when another test just rotated.
        assertThat(eventually(() -> jwksKids(toSecond).equals(jwksKids(toFirst)))).isTrue();
    }

    @Test
    void aRotationMadeThroughOneNodesAdminApiIsPublishedByBoth() throws Exception {
        WebClient admin = TestServers.client(vertx, first.adminPort());
        try {
            String next = await(admin.post("/admin/keys/rotate").bearerTokenAuthentication(adminToken()).send())
                    .bodyAsJsonObject().getString("kid");

            // The other node learns of it at its next key maintenance (every 5 s).
            assertThat(eventually(() -> jwksKids(toSecond).contains(next))).isTrue();
            assertThat(jwksKids(toFirst)).contains(next);
        } finally {
            admin.close();
        }
    }

    @Test
    void aClientDisabledAtOneNodeLosesTheTokensTheOtherIssuedBeforeItKnew() throws Exception {
        WebClient admin = TestServers.client(vertx, first.adminPort());
        try {
            String before = mobileToken(toSecond).orElseThrow();

            await(admin.post("/admin/clients/mobile/disable").bearerTokenAuthentication(adminToken()).send());
            // The second node may still hold the client for up to 5 s and issue meanwhile.
            java.util.Optional<String> during = mobileToken(toSecond);

            assertThat(introspect(toFirst, before).getBoolean("active")).isFalse();
            during.ifPresent(token -> {
                try {
                    assertThat(eventually(() -> !introspect(toFirst, token).getBoolean("active")))
                            .as("the second sweep revokes what the other node issued before it knew").isTrue();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertThat(eventually(() -> mobileToken(toSecond).isEmpty())).isTrue();
        } finally {
            await(admin.post("/admin/clients/mobile/enable").bearerTokenAuthentication(adminToken()).send());
            admin.close();
        }
    }

    private static String adminToken() throws Exception {
        return await(toFirst.post("/oauth/token").basicAuthentication("admin", TestServers.ADMIN_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }

    private static java.util.Optional<String> mobileToken(WebClient node) throws Exception {
        var response = await(node.post("/oauth/token").basicAuthentication("mobile", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials")));
        return response.statusCode() == 200 ? java.util.Optional.of(response.bodyAsJsonObject().getString("access_token"))
                : java.util.Optional.empty();
    }

    private static java.util.List<String> jwksKids(WebClient node) throws Exception {
        return await(node.get("/oauth/jwks").send()).bodyAsJsonObject().getJsonArray("keys").stream()
                .map(k -> ((JsonObject) k).getString("kid")).toList();
    }

    /** Polls {@code condition} for up to 15 s: propagation between nodes is bounded in time, not instant. */
    private static boolean eventually(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.call();
    }

    private static JsonObject introspect(WebClient client, String token) throws Exception {
        return await(client.post("/oauth/introspect").basicAuthentication("gateway", TestServers.GATEWAY_SECRET)
                .sendForm(form("token", token))).bodyAsJsonObject();
    }
}
