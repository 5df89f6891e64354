package io.apisec.tokenserver;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The token server end to end over HTTPS: configuration file in, tokens out, verified by the jwt library. */
class TokenServerTest {

    private static final String PARTNER_SECRET = TestServers.PARTNER_SECRET;
    private static final String SERVICE_SECRET = TestServers.SERVICE_SECRET;
    private static final String GATEWAY_SECRET = TestServers.GATEWAY_SECRET;

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer server;
    private static WebClient client;
    private static URI issuer;
    private static String jdbcUrl;

    @BeforeAll
    static void start() throws Exception {
        int port = TestServers.freePort();
        issuer = URI.create("https://localhost:" + port);
        vertx = Vertx.vertx();
        jdbcUrl = TestServers.memoryDatabase("ts");
        server = TestServers.start(vertx, TestServers.config(dir, issuer.toString(), port, jdbcUrl));
        client = TestServers.client(vertx, server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        await(server.close());
        await(vertx.close());
    }

    @Test
    void metadataListsExactlyWhatIsSupported() throws Exception {
        JsonObject metadata = await(client.get("/.well-known/oauth-authorization-server").send()).bodyAsJsonObject();

        assertThat(metadata.getString("issuer")).isEqualTo(issuer.toString());
        assertThat(metadata.getString("token_endpoint")).isEqualTo(issuer + "/oauth/token");
        assertThat(metadata.getString("jwks_uri")).isEqualTo(issuer + "/oauth/jwks");
        assertThat(metadata.getJsonArray("grant_types_supported").getList())
                .containsExactly("client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:token-exchange");
        assertThat(metadata.getJsonArray("token_endpoint_auth_methods_supported").getList())
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post", "private_key_jwt");
        assertThat(metadata.getJsonArray("token_endpoint_auth_signing_alg_values_supported").getList())
                .containsExactlyInAnyOrder("RS256", "PS256", "ES256");
        assertThat(metadata.getString("revocation_endpoint")).isEqualTo(issuer + "/oauth/revoke");
        assertThat(metadata.getJsonArray("introspection_signing_alg_values_supported").getList()).containsExactly("RS256");
        assertThat(metadata.containsKey("authorization_endpoint")).as("nothing not supported").isFalse();
    }

    @Test
    void externalClientGetsAnOpaqueTokenThatIsNotCached() throws Exception {
        HttpResponse<Buffer> response = await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "scope", "orders:read")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Pragma")).isEqualTo("no-cache");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("token_type")).isEqualTo("Bearer");
        assertThat(body.getLong("expires_in")).isEqualTo(300L);
        assertThat(body.getString("scope")).isEqualTo("orders:read");
        assertThat(body.getString("access_token")).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void internalClientGetsAJwtThatTheJwtLibraryValidatesWithDiscoveredKeys() throws Exception {
        String jwt = await(token().sendForm(form("grant_type", "client_credentials", "client_id", "billing-service",
                "client_secret", SERVICE_SECRET))).bodyAsJsonObject().getString("access_token");

        try (JwksKeySource keys = JwksKeySource.builder().issuer(issuer).sslContext(TestTls.get().clientContext()).build()) {
            AccessToken token = JwtValidator.builder().issuer(issuer.toString()).audience("orders-api").keySource(keys)
                    .build().validate(jwt);
            assertThat(token.clientId()).contains("billing-service");
            assertThat(token.scopes()).containsExactly("orders:read");
        }
    }

    @Test
    void ordersApiExchangesThePartnersTokenItReceivedForADownscopedJwtNamingItAsActor() throws Exception {
        String partners = partnerToken();

        HttpResponse<Buffer> response = await(token().sendForm(form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", partners, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "scope", "orders:read", "audience", "billing-api",
                "client_id", "orders-api", "client_secret", SERVICE_SECRET)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("issued_token_type")).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        try (JwksKeySource keys = JwksKeySource.builder().issuer(issuer).sslContext(TestTls.get().clientContext()).build()) {
            AccessToken exchanged = JwtValidator.builder().issuer(issuer.toString()).audience("billing-api").keySource(keys)
                    .build().validate(body.getString("access_token"));
            assertThat(exchanged.subject()).contains("partner");
            assertThat(exchanged.clientId()).contains("orders-api");
            assertThat(exchanged.scopes()).containsExactly("orders:read");
            assertThat(exchanged.objectClaim("act")).hasValue(Map.of("sub", "orders-api"));
            assertThat(exchanged.stringClaim("tenant")).contains("acme");
        }
    }

    @Test
    void wrongSecretIs401InvalidClientWithABasicChallenge() throws Exception {
        HttpResponse<Buffer> response = await(token().basicAuthentication("partner", PARTNER_SECRET + "x")
                .sendForm(form("grant_type", "client_credentials")));

        assertError(response, 401, "invalid_client");
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(response.bodyAsString()).doesNotContain(PARTNER_SECRET);
    }

    @Test
    void wrongPostedSecretIs401WithAChallengeToo() throws Exception {
        HttpResponse<Buffer> response = await(token().sendForm(form("grant_type", "client_credentials",
                "client_id", "billing-service", "client_secret", SERVICE_SECRET + "x")));

        assertError(response, 401, "invalid_client");
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void twoClientAuthenticationMethodsAreRefused() throws Exception {
        HttpResponse<Buffer> response = await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "client_id", "partner", "client_secret", PARTNER_SECRET)));

        assertError(response, 400, "invalid_request");
    }

    @Test
    void repeatedParameterIsRefused() throws Exception {
        HttpResponse<Buffer> response = await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials")
                        .add("scope", "orders:read").add("scope", "orders:write")));

        assertError(response, 400, "invalid_request");
    }

    @Test
    void parametersInTheQueryAreRefused() throws Exception {
        HttpResponse<Buffer> response = await(client.post("/oauth/token?grant_type=client_credentials")
                .basicAuthentication("partner", PARTNER_SECRET).sendForm(form("scope", "orders:read")));

        assertError(response, 400, "invalid_request");
    }

    @Test
    void unsupportedGrantTypeAndWidenedScopeAreRefused() throws Exception {
        assertError(await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "password", "username", "a", "password", "b"))), 400, "unsupported_grant_type");
        assertError(await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "scope", "orders:admin"))), 400, "invalid_scope");
    }

    @Test
    void aResourceMustBeAnAbsoluteUriWithoutFragment() throws Exception {
        // RFC 8707 §2: a relative reference or a fragment is invalid_target, before any audience is chosen.
        for (String resource : new String[] {"orders-api", "/orders", "https://orders.example/api#x"}) {
            assertError(await(token().basicAuthentication("partner", PARTNER_SECRET)
                    .sendForm(form("grant_type", "client_credentials", "resource", resource))), 400, "invalid_target");
        }
        assertError(await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "resource", "https://elsewhere.example/"))),
                400, "invalid_target");
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        HttpResponse<Buffer> response = await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "padding", "x".repeat(8 * 1024))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void gatewayIntrospectsAnOpaqueTokenAsJsonWithItsReleasedClaims() throws Exception {
        String opaque = partnerToken();

        JsonObject active = introspect(opaque, null).bodyAsJsonObject();
        JsonObject unknown = introspect("not-a-token", null).bodyAsJsonObject();

        assertThat(active.getBoolean("active")).isTrue();
        assertThat(active.getString("client_id")).isEqualTo("partner");
        assertThat(active.getString("tenant")).isEqualTo("acme");
        assertThat(active.getString("iss")).isEqualTo(issuer.toString());
        assertThat(unknown.getMap()).containsExactly(Map.entry("active", false));
    }

    @Test
    void gatewayGetsTheJwtFormOfAnOpaqueTokenForThePhantomTokenFlow() throws Exception {
        String opaque = partnerToken();

        HttpResponse<Buffer> active = introspect(opaque, "application/jwt");
        HttpResponse<Buffer> inactive = introspect("not-a-token", "application/jwt");

        assertThat(active.statusCode()).isEqualTo(200);
        assertThat(active.getHeader("Content-Type")).isEqualTo("application/jwt");
        assertThat(active.getHeader("Cache-Control")).matches("max-age=(29[0-9]|300)");
        try (JwksKeySource keys = JwksKeySource.builder().jwksUri(issuer.resolve("/oauth/jwks"))
                .sslContext(TestTls.get().clientContext()).build()) {
            AccessToken token = JwtValidator.builder().issuer(issuer.toString()).audience("orders-api").keySource(keys)
                    .build().validate(active.bodyAsString());
            assertThat(token.stringClaim("tenant")).contains("acme");
        }
        assertThat(inactive.statusCode()).isEqualTo(204);
    }

    @Test
    void gatewayGetsAnRfc9701SignedIntrospectionResponse() throws Exception {
        String opaque = partnerToken();

        HttpResponse<Buffer> response = introspect(opaque, "application/token-introspection+jwt");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/token-introspection+jwt");
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(response.bodyAsString());
        assertThat(jwt.getHeader().getType().toString()).isEqualTo("token-introspection+jwt");
        com.nimbusds.jose.jwk.JWKSet jwks = com.nimbusds.jose.jwk.JWKSet.parse(
                await(client.get("/oauth/jwks").send()).bodyAsString());
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(
                jwks.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(issuer.toString());
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("gateway");
        Map<String, Object> inner = jwt.getJWTClaimsSet().getJSONObjectClaim("token_introspection");
        assertThat(inner).containsEntry("active", true).containsEntry("client_id", "partner");
    }

    @Test
    void clientWithoutTheIntrospectionPermissionIsRefused() throws Exception {
        HttpResponse<Buffer> response = await(client.post("/oauth/introspect").basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("token", partnerToken())));

        assertError(response, 403, "unauthorized_client");
    }

    @Test
    void clientRevokesItsOwnTokenButNotAnotherClients() throws Exception {
        String partners = partnerToken();
        String services = await(token().sendForm(form("grant_type", "client_credentials", "client_id", "billing-service",
                "client_secret", SERVICE_SECRET))).bodyAsJsonObject().getString("access_token");

        HttpResponse<Buffer> own = await(client.post("/oauth/revoke").basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("token", partners)));
        HttpResponse<Buffer> others = await(client.post("/oauth/revoke").basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("token", services)));

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(others.statusCode()).as("the same answer, revealing nothing").isEqualTo(200);
        assertThat(introspect(partners, null).bodyAsJsonObject().getBoolean("active")).isFalse();
        assertThat(introspect(services, null).bodyAsJsonObject().getBoolean("active")).isTrue();
        assertThat(introspect(partners, "application/jwt").statusCode()).isEqualTo(204);
    }

    @Test
    void refreshRotatesAndReusingARotatedTokenRevokesTheFamilyAsARecordedIncident() throws Exception {
        JsonObject granted = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject();
        String firstRefresh = granted.getString("refresh_token");
        assertThat(firstRefresh).matches("[A-Za-z0-9_-]{43}");

        HttpResponse<Buffer> rotated = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "refresh_token", "refresh_token", firstRefresh, "scope", "orders:read")));
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject second = rotated.bodyAsJsonObject();
        assertThat(second.getString("scope")).as("a refresh may narrow").isEqualTo("orders:read");
        assertThat(second.getString("refresh_token")).isNotEqualTo(firstRefresh);
        assertThat(introspect(second.getString("access_token"), null).bodyAsJsonObject().getBoolean("active")).isTrue();
        assertThat(introspect(second.getString("refresh_token"), null).bodyAsJsonObject().getBoolean("active"))
                .as("a refresh token is never accepted as an access token").isFalse();

        HttpResponse<Buffer> reuse = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "refresh_token", "refresh_token", firstRefresh)));

        assertError(reuse, 400, "invalid_grant");
        assertError(await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "refresh_token", "refresh_token", second.getString("refresh_token")))),
                400, "invalid_grant");
        assertThat(introspect(granted.getString("access_token"), null).bodyAsJsonObject().getBoolean("active")).isFalse();
        assertThat(introspect(second.getString("access_token"), null).bodyAsJsonObject().getBoolean("active")).isFalse();
        assertThat(storedEvents("refresh.reuse_detected")).singleElement().satisfies(details -> {
            assertThat(details).contains("\"client_id\":\"mobile\"").contains("\"access_tokens_revoked\":\"2\"");
            assertThat(details).doesNotContain(firstRefresh);
        });
    }

    @Test
    void refreshCannotWidenScopesNorServeAnotherClientNorAClientWithoutTheGrant() throws Exception {
        String refresh = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "scope", "orders:read")))
                .bodyAsJsonObject().getString("refresh_token");

        assertError(await(token().basicAuthentication("mobile", PARTNER_SECRET).sendForm(form(
                "grant_type", "refresh_token", "refresh_token", refresh, "scope", "orders:read orders:write"))),
                400, "invalid_scope");
        assertError(await(token().basicAuthentication("partner", PARTNER_SECRET).sendForm(form(
                "grant_type", "refresh_token", "refresh_token", refresh))), 400, "unauthorized_client");
        assertThat(await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().containsKey("refresh_token"))
                .as("client_credentials alone never issues refresh tokens").isFalse();
        assertThat(await(token().basicAuthentication("mobile", PARTNER_SECRET).sendForm(form(
                "grant_type", "refresh_token", "refresh_token", refresh))).statusCode())
                .as("the refused attempts did not spend the token").isEqualTo(200);
    }

    @Test
    void revokingARefreshTokenAlsoRevokesTokensExchangedFromItsAccessTokens() throws Exception {
        JsonObject granted = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials", "scope", "orders:read"))).bodyAsJsonObject();
        String exchanged = await(token().sendForm(form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", granted.getString("access_token"),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "audience", "billing-api",
                "client_id", "orders-api", "client_secret", SERVICE_SECRET))).bodyAsJsonObject().getString("access_token");
        assertThat(introspect(exchanged, null).bodyAsJsonObject().getBoolean("active")).isTrue();

        await(client.post("/oauth/revoke").basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("token", granted.getString("refresh_token"))));

        assertThat(introspect(exchanged, null).bodyAsJsonObject().getBoolean("active"))
                .as("the exchanged token belongs to the same grant").isFalse();
    }

    @Test
    void revokingARefreshTokenRevokesTheAccessTokensIssuedFromIt() throws Exception {
        JsonObject granted = await(token().basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject();

        HttpResponse<Buffer> revoked = await(client.post("/oauth/revoke").basicAuthentication("mobile", PARTNER_SECRET)
                .sendForm(form("token", granted.getString("refresh_token"), "token_type_hint", "refresh_token")));

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(introspect(granted.getString("access_token"), null).bodyAsJsonObject().getBoolean("active")).isFalse();
        assertError(await(token().basicAuthentication("mobile", PARTNER_SECRET).sendForm(form(
                "grant_type", "refresh_token", "refresh_token", granted.getString("refresh_token")))), 400, "invalid_grant");
    }

        @Test
    void aConnectionTricklingHeadersIsClosedAtTheHeaderDeadline() throws Exception {
        assertClosedAtTheDeadline("POST /oauth/token HTTP/1.1\r\nHost: localhost\r\n", "X");
    }

    @Test
    void aRequestTricklingItsBodyIsClosedToo() throws Exception {
        assertClosedAtTheDeadline("POST /oauth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\ngrant_type=", "x");
    }

    /** Sends {@code first}, then {@code trickle} every 200 ms (the idle timeout alone would never fire). */
    private static void assertClosedAtTheDeadline(String first, String trickle) throws Exception {
        var net = vertx.createNetClient(new io.vertx.core.net.NetClientOptions().setSsl(true)
                .setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(new io.vertx.core.net.PemTrustOptions()
                        .addCertValue(Buffer.buffer(io.apisec.jwt.testing.TestTls.get().certificatePem()))));
        var socket = await(net.connect(server.port(), "localhost"));
        var closed = new java.util.concurrent.CompletableFuture<Long>();
        long opened = System.nanoTime();
        socket.closeHandler(v -> closed.complete(System.nanoTime() - opened));
        socket.write(first);
        long timer = vertx.setPeriodic(200, id -> socket.write(trickle));
        try {
            long nanos = closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
            // The test servers' header-timeout is 2 s, checked every half second.
            assertThat(java.time.Duration.ofNanos(nanos)).isBetween(java.time.Duration.ofMillis(1500),
                    java.time.Duration.ofSeconds(5));
        } finally {
            vertx.cancelTimer(timer);
            net.close();
        }
        assertThat(await(client.get("/oauth/jwks").send()).statusCode()).as("others are served as before").isEqualTo(200);
    }

    @Test
    void aPortInUseStopsTheStartWithAMessageNamingItAndTheSetting() throws Exception {
        Path other = java.nio.file.Files.createTempDirectory(dir, "busy");
        var busy = TestServers.config(other, issuer.toString(), server.port(), "jdbc:h2:mem:busy-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1");

        // Another Vert.x, as another process: one Vert.x would share the port between its own servers.
        Vertx another = Vertx.vertx();
        try {
            var failure = org.assertj.core.api.Assertions.catchThrowable(() -> TestServers.start(another, busy));

            assertThat(failure).hasRootCauseInstanceOf(java.net.BindException.class);
            assertThat(failure.getCause().getMessage()).contains(":" + server.port()).contains("server.port");
        } finally {
            await(another.close());
        }
    }

    @Test
    void jwksPublishesOnlyPublicKeys() throws Exception {
        JsonObject jwks = await(client.get("/oauth/jwks").send()).bodyAsJsonObject();

        assertThat(jwks.getJsonArray("keys")).isNotEmpty();
        assertThat(jwks.encode()).doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void readinessReportsTheDatabaseAndTheKeys() throws Exception {
        JsonObject ready = await(client.get("/health/ready").send()).bodyAsJsonObject();

        assertThat(ready.getString("status")).isEqualTo("UP");
        assertThat(await(client.get("/health/live").send()).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIsAProblemWithoutDetailsOfTheServer() throws Exception {
        HttpResponse<Buffer> response = await(client.get("/admin").send());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }

    private String partnerToken() throws Exception {
        return await(token().basicAuthentication("partner", PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }

    private HttpResponse<Buffer> introspect(String token, String accept) throws Exception {
        HttpRequest<Buffer> request = client.post("/oauth/introspect").basicAuthentication("gateway", GATEWAY_SECRET);
        if (accept != null) {
            request.putHeader("Accept", accept);
        }
        return await(request.sendForm(form("token", token)));
    }

    /** The details of the stored security events of {@code type}, once the writer has stored them. */
    private static java.util.List<String> storedEvents(String type) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            java.util.List<String> details = new java.util.ArrayList<>();
            try (var connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                 var statement = connection.prepareStatement("SELECT details FROM security_events WHERE type = ?")) {
                statement.setString(1, type);
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        details.add(rows.getString(1));
                    }
                }
            }
            if (!details.isEmpty()) {
                return details;
            }
            Thread.sleep(50);
        }
        return java.util.List.of();
    }

    private static HttpRequest<Buffer> token() {
        return client.post("/oauth/token");
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
        assertThat(response.bodyAsString()).doesNotContain("Exception").doesNotContain("at io.");
    }
}
