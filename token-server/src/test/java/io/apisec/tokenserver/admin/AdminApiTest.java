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
                TestServers.memoryDatabase("admin")));
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
    void aBodyIsReadOnlyAfterAuthenticationAndWithinItsLimit() throws Exception {
        Buffer large = Buffer.buffer("{\"id\": \"" + "x".repeat(100 * 1024) + "\"}");

        assertThat(await(adminClient.post("/admin/clients").putHeader("Content-Type", "application/json")
                .sendBuffer(large)).statusCode()).as("no token: refused before the body is read").isEqualTo(401);
        assertThat(await(adminClient.post("/admin/clients").bearerTokenAuthentication(adminToken())
                .putHeader("Content-Type", "application/json").sendBuffer(large)).statusCode()).isEqualTo(413);
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
    void anAdministratorDisabledByAnotherLosesTheAdminApiAtOnce() throws Exception {
        String admin = adminToken();
        JsonObject second = registration("second-admin").put("token-format", "jwt").put("network", "internal")
                .put("scopes", new JsonArray().add("apisec:admin")).put("audiences", new JsonArray().add("apisec-admin"));
        String secret = sendJson(io.vertx.core.http.HttpMethod.POST, "/admin/clients", admin, second)
                .bodyAsJsonObject().getString("client_secret");
        String secondToken = token("second-admin", secret);
        assertThat(get("/admin/keys", secondToken).statusCode()).isEqualTo(200);

        assertThat(post("/admin/clients/second-admin/disable", admin).statusCode()).isEqualTo(200);

        // (That it can no longer get tokens is the disabling test's: a failed authentication here would count
        // against this address for the other tests.)
        assertThat(get("/admin/keys", secondToken).statusCode()).isEqualTo(401);
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

    private static HttpResponse<Buffer> sendJson(io.vertx.core.http.HttpMethod method, String path, String token,
                                                 JsonObject body) throws Exception {
        return await(adminClient.request(method, path).bearerTokenAuthentication(token)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())));
    }

    private static JsonObject registration(String id) {
        return new JsonObject().put("id", id).put("authentication", "client_secret_basic")
                .put("grant-types", new JsonArray().add("client_credentials"))
                .put("scopes", new JsonArray().add("orders:read").add("orders:write"))
                .put("audiences", new JsonArray().add("orders-api"));
    }

    private static HttpResponse<Buffer> clientCredentials(String id, String secret) throws Exception {
        return await(publicClient.post("/oauth/token").basicAuthentication(id, secret)
                .sendForm(form("grant_type", "client_credentials")));
    }

    private static boolean active(String token) throws Exception {
        return await(publicClient.post("/oauth/introspect").basicAuthentication("gateway", TestServers.GATEWAY_SECRET)
                .sendForm(form("token", token))).bodyAsJsonObject().getBoolean("active");
    }

    @Test
    void aClientRegisteredThroughTheApiGetsAServerGeneratedSecretShownOnceAndCanGetTokens() throws Exception {
        String admin = adminToken();

        HttpResponse<Buffer> created = sendJson(io.vertx.core.http.HttpMethod.POST, "/admin/clients", admin,
                registration("reporting"));

        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String secret = created.bodyAsJsonObject().getString("client_secret");
        assertThat(secret).matches("[A-Za-z0-9_-]{43}");
        assertThat(created.bodyAsJsonObject().getString("managed-by")).isEqualTo("admin");
        assertThat(clientCredentials("reporting", secret).statusCode()).isEqualTo(200);

        String listed = get("/admin/clients", admin).bodyAsString();
        assertThat(listed).contains("\"reporting\"").contains("\"partner\"").contains("\"configuration\"")
                .doesNotContain(secret).doesNotContain("secret_hash").doesNotContain("\"client_secret\"");
        assertThat(get("/admin/clients/reporting", admin).bodyAsJsonObject().getJsonArray("scopes"))
                .containsExactly("orders:read", "orders:write");
        assertThat(get("/admin/clients/nobody", admin).statusCode()).isEqualTo(404);
        assertThat(get("/admin/events?type=admin.changed", admin).bodyAsString()).contains("clients.register");
    }

    @Test
    void aBadRegistrationIsRefusedNamingTheKeyAndChangesNothing() throws Exception {
        String admin = adminToken();
        var post = io.vertx.core.http.HttpMethod.POST;

        HttpResponse<Buffer> readableOutside = sendJson(post, "/admin/clients", admin,
                registration("leaky").put("token-format", "jwt"));
        assertThat(readableOutside.statusCode()).isEqualTo(400);
        assertThat(readableOutside.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(readableOutside.bodyAsJsonObject().getString("detail")).contains("token-format").contains("internal");
        assertThat(sendJson(post, "/admin/clients", admin, registration("env").put("secret-env", "HOME"))
                .bodyAsJsonObject().getString("detail")).contains("secret-env").contains("generates");
        assertThat(sendJson(post, "/admin/clients", admin, registration("typo").put("scope", "x")).statusCode())
                .isEqualTo(400);
        assertThat(sendJson(post, "/admin/clients", admin, registration("partner")).statusCode())
                .as("an id of the configuration file").isEqualTo(409);
        assertThat(await(adminClient.post("/admin/clients").bearerTokenAuthentication(admin)
                .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(registration("plain").encode())))
                .statusCode()).isEqualTo(400);
        assertThat(await(adminClient.post("/admin/clients").bearerTokenAuthentication(admin)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"id\": \"a\", \"id\": \"b\"")))
                .statusCode()).as("malformed JSON").isEqualTo(400);
        // Written as a JSON escape it parses; stored raw it would not read back.
        String escaped = registration("ctl").encode().replace("}", ", \"attributes\": {\"tenant\": \"a\\u007fb\"}}");
        HttpResponse<Buffer> control = await(adminClient.post("/admin/clients").bearerTokenAuthentication(admin)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(escaped)));
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(control.bodyAsJsonObject().getString("detail")).contains("control characters");
        assertThat(get("/admin/clients", admin).bodyAsString()).doesNotContain("leaky").doesNotContain("\"typo\"")
                .doesNotContain("\"ctl\"");
    }

    @Test
    void anApiClientIsReplacedButNeitherRenamedNorSwitchedToAnotherMethodAndFileClientsAreReadOnly() throws Exception {
        String admin = adminToken();
        var put = io.vertx.core.http.HttpMethod.PUT;
        String secret = sendJson(io.vertx.core.http.HttpMethod.POST, "/admin/clients", admin, registration("billing-ui"))
                .bodyAsJsonObject().getString("client_secret");

        HttpResponse<Buffer> narrowed = sendJson(put, "/admin/clients/billing-ui", admin,
                registration("billing-ui").put("scopes", new JsonArray().add("orders:read")));

        assertThat(narrowed.statusCode()).as(narrowed.bodyAsString()).isEqualTo(200);
        assertThat(clientCredentials("billing-ui", secret).bodyAsJsonObject().getString("scope"))
                .as("the change applies at once on this node, with the same secret").isEqualTo("orders:read");
        assertThat(sendJson(put, "/admin/clients/billing-ui", admin, registration("other-name")).statusCode())
                .isEqualTo(400);
        assertThat(sendJson(put, "/admin/clients/billing-ui", admin, registration("billing-ui")
                .put("authentication", "client_secret_post")).statusCode()).isEqualTo(409);
        assertThat(sendJson(put, "/admin/clients/partner", admin, registration("partner")).statusCode())
                .isEqualTo(409);
        assertThat(post("/admin/clients/partner/secret", admin).statusCode()).isEqualTo(409);
    }

    @Test
    void rotatingASecretStopsTheOldOneAtOnce() throws Exception {
        String admin = adminToken();
        String first = sendJson(io.vertx.core.http.HttpMethod.POST, "/admin/clients", admin, registration("rotating"))
                .bodyAsJsonObject().getString("client_secret");

        HttpResponse<Buffer> rotated = post("/admin/clients/rotating/secret", admin);

        assertThat(rotated.statusCode()).isEqualTo(200);
        String second = rotated.bodyAsJsonObject().getString("client_secret");
        assertThat(second).isNotEqualTo(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(clientCredentials("rotating", first).statusCode()).isEqualTo(401);
        assertThat(clientCredentials("rotating", second).statusCode()).isEqualTo(200);
    }

    @Test
    void disablingAClientRevokesItsTokensAndStopsItUntilEnabled() throws Exception {
        String admin = adminToken();
        JsonObject granted = clientCredentials("mobile", TestServers.PARTNER_SECRET).bodyAsJsonObject();
        assertThat(active(granted.getString("access_token"))).isTrue();
        String exchanged = await(publicClient.post("/oauth/token").sendForm(form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", granted.getString("access_token"),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "audience", "billing-api",
                "client_id", "orders-api", "client_secret", TestServers.SERVICE_SECRET)))
                .bodyAsJsonObject().getString("access_token");
        assertThat(active(exchanged)).isTrue();

        HttpResponse<Buffer> disabled = post("/admin/clients/mobile/disable", admin);

        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.bodyAsJsonObject().getInteger("access_tokens_revoked")).isGreaterThanOrEqualTo(2);
        assertThat(active(granted.getString("access_token"))).isFalse();
        assertThat(active(exchanged)).as("another client's token exchanged within the disabled client's grant").isFalse();
        assertThat(clientCredentials("mobile", TestServers.PARTNER_SECRET).statusCode()).isEqualTo(401);
        assertThat(await(publicClient.post("/oauth/token").basicAuthentication("mobile", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "refresh_token", "refresh_token", granted.getString("refresh_token"))))
                .statusCode()).isEqualTo(401);
        assertThat(get("/admin/clients/mobile", admin).bodyAsJsonObject().getBoolean("disabled")).isTrue();

        assertThat(post("/admin/clients/mobile/enable", admin).statusCode()).isEqualTo(200);
        assertThat(clientCredentials("mobile", TestServers.PARTNER_SECRET).statusCode()).isEqualTo(200);
        assertThat(await(publicClient.post("/oauth/token").basicAuthentication("mobile", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "refresh_token", "refresh_token", granted.getString("refresh_token"))))
                .statusCode()).as("enabling does not bring revoked tokens back").isEqualTo(400);
        assertThat(post("/admin/clients/nobody/disable", admin).statusCode()).isEqualTo(404);
    }

    @Test
    void claimRulesAddedThroughTheApiReachNewTokensAndLeaveWithTheirDeletion() throws Exception {
        String admin = adminToken();
        var put = io.vertx.core.http.HttpMethod.PUT;
        JsonObject region = new JsonObject().put("name", "region").put("scopes", new JsonArray().add("orders:write"))
                .put("source", "constant").put("value", "eu");

        HttpResponse<Buffer> created = sendJson(put, "/admin/claims/region", admin, region);

        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String token = clientCredentials("partner", TestServers.PARTNER_SECRET).bodyAsJsonObject().getString("access_token");
        assertThat(introspection(token).getString("region")).as("applies at once on this node").isEqualTo("eu");
        String listed = get("/admin/claims", admin).bodyAsString();
        assertThat(listed).contains("\"tenant\"").contains("\"region\"").contains("\"managed-by\":\"configuration\"");
        assertThat(sendJson(put, "/admin/claims/region", admin, region.copy().put("value", "us")).statusCode())
                .as("a replacement").isEqualTo(200);

        assertThat(await(adminClient.delete("/admin/claims/region").bearerTokenAuthentication(admin).send())
                .statusCode()).isEqualTo(200);
        String after = clientCredentials("partner", TestServers.PARTNER_SECRET).bodyAsJsonObject().getString("access_token");
        assertThat(introspection(after).containsKey("region")).isFalse();
        assertThat(await(adminClient.delete("/admin/claims/region").bearerTokenAuthentication(admin).send())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void badOrFileClaimRulesAreRefused() throws Exception {
        String admin = adminToken();
        var put = io.vertx.core.http.HttpMethod.PUT;
        JsonObject rule = new JsonObject().put("name", "sub").put("scopes", new JsonArray().add("orders:read"))
                .put("source", "constant").put("value", "x");

        HttpResponse<Buffer> reserved = sendJson(put, "/admin/claims/sub", admin, rule);
        assertThat(reserved.statusCode()).isEqualTo(400);
        assertThat(reserved.bodyAsJsonObject().getString("detail")).contains("name").contains("registered claim");
        assertThat(sendJson(put, "/admin/claims/tenant", admin, rule.copy().put("name", "tenant")).statusCode())
                .as("a rule of the configuration file").isEqualTo(409);
        assertThat(await(adminClient.delete("/admin/claims/tenant").bearerTokenAuthentication(admin).send())
                .statusCode()).as("nor can it be deleted here").isEqualTo(409);
        assertThat(sendJson(put, "/admin/claims/other", admin, rule.copy().put("name", "level")).statusCode())
                .isEqualTo(400);
        JsonObject withoutAttribute = rule.copy().put("name", "level").put("source", "client-attribute");
        withoutAttribute.remove("value");
        assertThat(sendJson(put, "/admin/claims/level", admin, withoutAttribute).statusCode())
                .as("an attribute source needs an attribute").isEqualTo(400);
    }

    @Test
    void aSensitiveClaimNeverReachesReadableTokensThatLeaveTheNetworkWhicheverSideChanges() throws Exception {
        String admin = adminToken();
        var post = io.vertx.core.http.HttpMethod.POST;
        var put = io.vertx.core.http.HttpMethod.PUT;
        JsonObject splitClient = registration("mobile-split").put("token-format", "split")
                .put("scopes", new JsonArray().add("profile:read"));
        assertThat(sendJson(post, "/admin/clients", admin, splitClient).statusCode()).isEqualTo(201);
        JsonObject sensitive = new JsonObject().put("name", "ssn").put("scopes", new JsonArray().add("profile:read"))
                .put("source", "constant").put("value", "000-00-0000").put("sensitive", true);

        HttpResponse<Buffer> refusedRule = sendJson(put, "/admin/claims/ssn", admin, sensitive);

        assertThat(refusedRule.statusCode()).isEqualTo(400);
        assertThat(refusedRule.bodyAsJsonObject().getString("detail")).contains("ssn").contains("mobile-split");

        JsonObject elsewhere = sensitive.copy().put("scopes", new JsonArray().add("hr:read"));
        assertThat(sendJson(put, "/admin/claims/ssn", admin, elsewhere).statusCode()).isEqualTo(201);
        HttpResponse<Buffer> refusedClient = sendJson(post, "/admin/clients", admin, registration("hr-split")
                .put("token-format", "split").put("scopes", new JsonArray().add("hr:read")));
        assertThat(refusedClient.statusCode()).isEqualTo(400);
        assertThat(refusedClient.bodyAsJsonObject().getString("detail")).contains("ssn");
        assertThat(sendJson(post, "/admin/clients", admin, registration("hr-opaque")
                .put("scopes", new JsonArray().add("hr:read"))).statusCode())
                .as("opaque tokens may carry it: only introspection reads them").isEqualTo(201);
    }

    @Test
    void scopesAreListedWithTheClientsThatMayHaveThemAndTheClaimsTheyRelease() throws Exception {
        JsonArray scopes = get("/admin/scopes", adminToken()).bodyAsJsonObject().getJsonArray("scopes");

        JsonObject read = scopes.stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("scope").equals("orders:read")).findFirst().orElseThrow();
        assertThat(read.getJsonArray("clients").getList()).contains("partner", "billing-service");
        assertThat(read.getJsonArray("claims").getList()).containsExactly("tenant");
    }

    private static JsonObject introspection(String token) throws Exception {
        return await(publicClient.post("/oauth/introspect").basicAuthentication("gateway", TestServers.GATEWAY_SECRET)
                .sendForm(form("token", token))).bodyAsJsonObject();
    }

    private static List<String> jwksKids() throws Exception {
        return await(publicClient.get("/oauth/jwks").send()).bodyAsJsonObject().getJsonArray("keys").stream()
                .map(k -> ((JsonObject) k).getString("kid")).toList();
    }
}
