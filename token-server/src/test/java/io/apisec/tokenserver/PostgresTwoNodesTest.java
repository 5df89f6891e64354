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
        JsonObject fromFirst = await(toFirst.get("/oauth/jwks").send()).bodyAsJsonObject();
        JsonObject fromSecond = await(toSecond.get("/oauth/jwks").send()).bodyAsJsonObject();

        assertThat(fromFirst.getJsonArray("keys")).hasSize(1);
        assertThat(fromSecond).isEqualTo(fromFirst);
    }

    private static JsonObject introspect(WebClient client, String token) throws Exception {
        return await(client.post("/oauth/introspect").basicAuthentication("gateway", TestServers.GATEWAY_SECRET)
                .sendForm(form("token", token))).bodyAsJsonObject();
    }
}
