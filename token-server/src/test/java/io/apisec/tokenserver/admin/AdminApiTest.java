package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin listener end to end over HTTPS: only live admin JWTs of this server open it. */
class AdminApiTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer server;
    private static WebClient publicClient;
    private static WebClient adminClient;

    @BeforeAll
    static void start() throws Exception {
        int port = TestServers.freePort();
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, TestServers.config(dir, "https://localhost:" + port, port,
                "jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
        publicClient = TestServers.client(vertx, server.port());
        adminClient = TestServers.client(vertx, server.adminPort());
    }

    @AfterAll
    static void stop() throws Exception {
        publicClient.close();
        adminClient.close();
        await(server.close());
        await(vertx.close());
    }

    private static String token(String clientId, String secret, String... scope) throws Exception {
        var request = form("grant_type", "client_credentials");
        if (scope.length > 0) {
            request.add("scope", String.join(" ", scope));
        }
        HttpResponse<Buffer> response = await(publicClient.post("/oauth/token").basicAuthentication(clientId, secret)
                .sendForm(request));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject().getString("access_token");
    }

    private static String adminToken() throws Exception {
        return token("admin", TestServers.ADMIN_SECRET);
    }

    private static HttpResponse<Buffer> get(String path, String token) throws Exception {
        var request = adminClient.get(path);
        if (token != null) {
            request.bearerTokenAuthentication(token);
        }
        return await(request.send());
    }

    private static HttpResponse<Buffer> post(String path, String token) throws Exception {
        return await(adminClient.post(path).bearerTokenAuthentication(token).send());
    }

    @Test
    void withoutATokenTheAdminApiAnswers401WithABearerChallenge() throws Exception {
        HttpResponse<Buffer> response = get("/admin/keys", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"apisec-admin\"");
        assertThat(get("/metrics", null).statusCode()).as("metrics are not public either").isEqualTo(401);
        assertThat(get("/no-such-thing", null).statusCode()).as("authentication comes before routing").isEqualTo(401);
    }

    @Test
    void tokensThatAreNotAdminJwtsForThisApiAreRefused() throws Exception {
        String opaque = token("partner", TestServers.PARTNER_SECRET);
        String otherAudience = await(publicClient.post("/oauth/token").sendForm(form("grant_type", "client_credentials",
                "client_id", "billing-service", "client_secret", TestServers.SERVICE_SECRET)))
                .bodyAsJsonObject().getString("access_token");

        assertThat(get("/admin/keys", opaque).statusCode()).isEqualTo(401);
        HttpResponse<Buffer> wrongAudience = get("/admin/keys", otherAudience);
        assertThat(wrongAudience.statusCode()).isEqualTo(401);
        assertThat(wrongAudience.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void eachOperationNeedsItsScope() throws Exception {
        String adminOnly = token("admin", TestServers.ADMIN_SECRET, "apisec:admin");
        String metricsOnly = token("admin", TestServers.ADMIN_SECRET, "apisec:metrics");

        HttpResponse<Buffer> metricsRefused = get("/metrics", adminOnly);
        assertThat(metricsRefused.statusCode()).isEqualTo(403);
        assertThat(metricsRefused.getHeader("WWW-Authenticate")).contains("insufficient_scope").contains("apisec:metrics");
        assertThat(get("/admin/keys", metricsOnly).statusCode()).isEqualTo(403);
        assertThat(get("/admin/keys", adminOnly).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedAdminTokenIsRefusedAtOnce() throws Exception {
        String admin = adminToken();
        assertThat(get("/admin/keys", admin).statusCode()).isEqualTo(200);

        await(publicClient.post("/oauth/revoke").basicAuthentication("admin", TestServers.ADMIN_SECRET)
                .sendForm(form("token", admin)));

        HttpResponse<Buffer> refused = get("/admin/keys", admin);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void keysAreListedRotatedAndRevokedThroughTheApiAndTheJwksFollows() throws Exception {
        String admin = adminToken();
        JsonArray before = get("/admin/keys", admin).bodyAsJsonObject().getJsonArray("keys");
        assertThat(before.stream().map(k -> ((JsonObject) k).getString("state"))).contains("current");
        assertThat(before.encode()).doesNotContain("\"d\"").doesNotContain("private");

        HttpResponse<Buffer> rotated = post("/admin/keys/rotate", admin);
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.getHeader("Cache-Control")).isEqualTo("no-store");
        String next = rotated.bodyAsJsonObject().getString("kid");
        assertThat(rotated.bodyAsJsonObject().getString("state")).isEqualTo("next");
        assertThat(jwksKids()).as("published before it signs").contains(next);

        assertThat(post("/admin/keys/" + next + "/revoke", admin).statusCode()).isEqualTo(200);
        assertThat(jwksKids()).doesNotContain(next);
        HttpResponse<Buffer> unknown = post("/admin/keys/no-such-kid/revoke", admin);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.getHeader("Content-Type")).isEqualTo("application/problem+json");

        JsonArray changes = get("/admin/events?type=admin.changed", admin).bodyAsJsonObject().getJsonArray("events");
        assertThat(changes.encode()).contains("keys.rotate").contains("\"actor\":\"admin\"");
        assertThat(get("/admin/events?type=key.revoked&limit=5", admin).bodyAsJsonObject().getJsonArray("events")
                .encode()).contains(next);
    }

    @Test
    void eventQueriesAreBounded() throws Exception {
        String admin = adminToken();

        assertThat(get("/admin/events?type=no.such", admin).statusCode()).isEqualTo(400);
        assertThat(get("/admin/events?limit=0", admin).statusCode()).isEqualTo(400);
        assertThat(get("/admin/events?limit=100000", admin).statusCode()).isEqualTo(400);
        assertThat(get("/admin/events?limit=1&limit=2", admin).statusCode()).isEqualTo(400);
        assertThat(get("/admin/events?limit=1", admin).bodyAsJsonObject().getJsonArray("events")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void prometheusMetricsCountIssuedTokensAndRequests() throws Exception {
        token("partner", TestServers.PARTNER_SECRET);
        String admin = adminToken();

        HttpResponse<Buffer> metrics = get("/metrics", admin);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(metrics.bodyAsString()).contains("apisec_tokens_issued_total")
                .contains("apisec_http_server_requests_seconds_bucket").contains("endpoint=\"token\"")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void theListenersServeOnlyTheirOwnApis() throws Exception {
        assertThat(await(publicClient.get("/admin/keys").bearerTokenAuthentication(adminToken()).send()).statusCode())
                .as("no admin API on the public listener").isEqualTo(404);
        assertThat(get("/oauth/jwks", adminToken()).statusCode()).as("no OAuth endpoints on the admin listener")
                .isEqualTo(404);
    }

    private static List<String> jwksKids() throws Exception {
        return await(publicClient.get("/oauth/jwks").send()).bodyAsJsonObject().getJsonArray("keys").stream()
                .map(k -> ((JsonObject) k).getString("kid")).toList();
    }
}
