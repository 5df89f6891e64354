package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.pipeline.FormTokenStep;
import io.apisec.gateway.pipeline.NormalizeStep;
import io.apisec.gateway.ratelimit.RateKey;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.ratelimit.RateRule;
import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.PathPattern;
import io.apisec.gateway.route.Rewrite;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.ScopeRule;
import io.apisec.gateway.testing.TestChain;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The gateway end to end over TLS: a real token server, the gateway, and an upstream that records what reaches
 * it, so every refusal is also shown never to reach the API.
 */
class GatewayTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer upstream;
    private static Gateway gateway;
    private static WebClient toTokenServer;
    private static WebClient toGateway;
    private static URI issuer;
    private static final ConcurrentLinkedQueue<JsonObject> received = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<JsonObject> accessLog = new ConcurrentLinkedQueue<>();
    private static final Map<String, CompletableFuture<JsonObject>> linesById = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        issuer = TestChain.issuer(tokenServer.port());
        toTokenServer = TestServers.client(vertx, tokenServer.port());
        upstream = TestChain.upstream(vertx, request -> request.body().onSuccess(body -> {
                    // Recorded only once the whole request arrived: a request cut short never counts.
                    JsonObject headers = new JsonObject();
                    request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    JsonObject seen = new JsonObject().put("uri", request.uri())
                            .put("method", request.method().name())
                            .put("authorization", request.getHeader("Authorization"))
                            .put("host", request.getHeader("Host"))
                            .put("forwarded", request.getHeader("Forwarded"))
                            .put("xff", request.getHeader("X-Forwarded-For")).put("headers", headers)
                            .put("body_bytes", body.length());
                    received.add(seen);
                    if (request.getHeader("X-Test-Hop-By-Hop") != null) {
                        // Headers that hold for one connection only, and a date of the upstream's own.
                        request.response().putHeader("Connection", "keep-alive, X-Upstream-Hop")
                                .putHeader("X-Upstream-Hop", "1").putHeader("Keep-Alive", "timeout=5")
                                .putHeader("X-Upstream-End-To-End", "1")
                                .putHeader("Date", "Sun, 06 Nov 1994 08:49:37 GMT")
                                .putHeader("Warning", "110 - \"stale\" \"Sun, 06 Nov 1994 08:49:37 GMT\"");
                        request.response().headers().add("CONNECTION", "x-other-hop").add("X-Other-Hop", "1");
                    }
                    request.response().putHeader("Content-Type", "application/json").end(seen.encode());
                }));
        URI api = URI.create("https://localhost:" + upstream.actualPort() + "/api");
        List<Route> routes = List.of(
                route("orders", "/orders", AuthMethod.PHANTOM, api, List.of("orders:read"), null),
                route("orders-admin", "/orders/admin", AuthMethod.PHANTOM, api, List.of("orders:admin"), null),
                route("limited", "/limited", AuthMethod.PHANTOM, api, List.of(),
                        RatePolicy.of("limited", 2, Duration.ofMinutes(1))),
                Route.builder("imports", "/imports").methods(HttpMethod.GET, HttpMethod.POST).upstream(api).phantom()
                        .scopes("orders:read").scopeRules(
                                new ScopeRule(Set.of(HttpMethod.POST), Set.of(), List.of("orders:write")),
                                new ScopeRule(Set.of(), Set.of("text/csv"), List.of("orders:import"))).build(),
                Route.builder("tenants", "/tenants").upstream(api).phantom().rateLimits(new RateRule(
                        RatePolicy.of("tenants", 2, Duration.ofMinutes(1)), RateKey.parse("claim:tenant"))).build(),
                Route.builder("order-items", "/orders/{id}/items").upstream(api).phantom().scopes("orders:read")
                        .rewrite(new Rewrite(Optional.of(PathPattern.parse("/v2/items/{id}")),
                                Map.of("x-api-version", "2"), Set.of("x-debug"))).build(),
                Route.builder("partner-orders", "/orders").hosts("partners.localhost").upstream(api)
                        .publicBecause("a partner host's open catalogue").build(),
                route("internal", "/internal", AuthMethod.JWT, api, List.of("orders:read"), null),
                route("billing", "/billing", AuthMethod.JWT, api, List.of(), null),
                Route.builder("status", "/status").upstream(api).publicBecause("the load balancer's probe").build());
        gateway = await(Gateway.start(vertx, TestChain.settings(dir, issuer, routes,
                DenyList.of(List.of("203.0.113.0/24"), Set.of("mobile"), Set.of()), Optional.empty()), text -> {
                    JsonObject line = new JsonObject(text); // each line one JSON object, or the test fails here
                    accessLog.add(line);
                    lineFor(line.getString("request_id")).complete(line);
                }, null));
        toGateway = TestServers.client(vertx, gateway.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestChain.stop(vertx, List.of(toGateway, toTokenServer),
                List.of(gateway::close, upstream::close, tokenServer::close));
    }

    @Test
    void anOpaqueTokenOutsideBecomesAVerifiedJwtInsideAndTheApiNeverSeesTheOpaqueToken() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        HttpResponse<Buffer> response = await(toGateway.get("/orders/42?x=1").bearerTokenAuthentication(opaque).send());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = response.bodyAsJsonObject();
        assertThat(seen.getString("uri")).isEqualTo("/api/orders/42?x=1");
        String authorization = seen.getString("authorization");
        assertThat(authorization).startsWith("Bearer ey").doesNotContain(opaque);
        try (JwksKeySource keys = JwksKeySource.builder().issuer(issuer).sslContext(TestTls.get().clientContext()).build()) {
            AccessToken token = JwtValidator.builder().issuer(issuer.toString()).audience("orders-api").keySource(keys)
                    .build().validate(authorization.substring("Bearer ".length()));
            assertThat(token.clientId()).contains("partner");
            assertThat(token.stringClaim("tenant")).contains("acme");
        }
        assertThat(seen.getString("host")).isEqualTo("localhost:" + upstream.actualPort());
        assertThat(seen.getString("forwarded")).startsWith("for=\"127.0.0.1\";proto=https");
    }

    @Test
    void aRequestWithoutATokenIs401WithABearerChallengeAndNeverReachesTheApi() throws Exception {
        int before = received.size();
        HttpResponse<Buffer> response = await(toGateway.get("/orders/1").send());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"apisec\"");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(response.bodyAsJsonObject().getString("error_description")).contains("Authorization: Bearer");
        assertThat(received).hasSize(before);
    }

    @Test
    void anUnknownOrRevokedTokenIs401InvalidToken() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode()).isEqualTo(200);
        await(toTokenServer.post("/oauth/revoke").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("token", opaque)));
        int before = received.size();
        HttpResponse<Buffer> made = await(toGateway.get("/orders/1").bearerTokenAuthentication("made-up-token").send());
        assertThat(made.statusCode()).isEqualTo(401);
        assertThat(made.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(made.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
        assertThat(received).hasSize(before);
    }

    @Test
    void aMissingScopeIs403InsufficientScopeNamingTheScope() throws Exception {
        int before = received.size();
        HttpResponse<Buffer> response = await(toGateway.get("/orders/admin/users").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer)).send());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.getHeader("WWW-Authenticate"))
                .contains("error=\"insufficient_scope\"").contains("scope=\"orders:admin\"");
        assertThat(received).hasSize(before);
    }

    @Test
    void moreThanOneCredentialOrATokenInTheQueryIs400InvalidRequest() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        int before = received.size();
        assertThat(await(toGateway.get("/orders/1?access_token=" + opaque).bearerTokenAuthentication(opaque).send())
                .statusCode()).isEqualTo(400);
        assertThat(await(toGateway.get("/orders/1?access_token=" + opaque).send()).statusCode()).isEqualTo(400);
        HttpResponse<Buffer> two = await(toGateway.get("/orders/1").putHeader("Authorization", List.of(
                "Bearer " + opaque, "Basic cGFydG5lcjp4")).send());
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(two.getHeader("WWW-Authenticate")).contains("error=\"invalid_request\"");
        assertThat(received).hasSize(before);
    }

    @Test
    void anAmbiguousPathIs400AndAnUnroutedOneIs404() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        int before = received.size();
        for (String path : List.of("/orders/%2e%2e/admin/users", "/orders/..%2Fadmin", "/orders//admin",
                "/orders;x=1/admin", "/orders/%C0%AE")) {
            HttpResponse<Buffer> response = await(toGateway.get(path).bearerTokenAuthentication(opaque).send());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
        }
        assertThat(await(toGateway.get("/nowhere").bearerTokenAuthentication(opaque).send()).statusCode()).isEqualTo(404);
        assertThat(await(toGateway.delete("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode())
                .as("a method the route does not take").isEqualTo(404);
        assertThat(await(toGateway.get("/ordersX").bearerTokenAuthentication(opaque).send()).statusCode())
                .as("a prefix matches at a segment boundary only").isEqualTo(404);
        assertThat(received).hasSize(before);
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterAndRateLimitFields() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        HttpResponse<Buffer> first = await(toGateway.get("/limited").bearerTokenAuthentication(opaque).send());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"limited\";q=2;w=60");
        assertThat(first.getHeader("RateLimit")).startsWith("\"limited\";r=1;");
        assertThat(await(toGateway.get("/limited").bearerTokenAuthentication(opaque).send()).statusCode()).isEqualTo(200);
        int before = received.size();
        HttpResponse<Buffer> refused = await(toGateway.get("/limited").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer)).send());
        assertThat(refused.statusCode()).as("the limit is the client's, whichever of its tokens").isEqualTo(429);
        assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, 30);
        assertThat(refused.getHeader("RateLimit")).startsWith("\"limited\";r=0;");
        assertThat(received).hasSize(before);
    }

    @Test
    void anInternalClientsJwtPassesAJwtRouteAndAnOpaqueTokenDoesNot() throws Exception {
        String jwt = await(toTokenServer.post("/oauth/token").sendForm(form("grant_type", "client_credentials",
                "client_id", "billing-service", "client_secret", TestServers.SERVICE_SECRET)))
                .bodyAsJsonObject().getString("access_token");
        HttpResponse<Buffer> passed = await(toGateway.get("/internal/stock").bearerTokenAuthentication(jwt).send());
        assertThat(passed.statusCode()).isEqualTo(200);
        assertThat(passed.bodyAsJsonObject().getString("authorization")).isEqualTo("Bearer " + jwt);
        assertThat(await(toGateway.get("/internal/stock").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer)).send()).statusCode())
                .as("a token for the wrong method is refused, not tried another way").isEqualTo(401);
    }

    @Test
    void aJwtIsRefusedOnAPhantomRouteWhetherAnApiReceivedItOrAnInternalClientHoldsIt() throws Exception {
        String forwarded = await(toGateway.get("/orders/1").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer)).send())
                .bodyAsJsonObject().getString("authorization").substring("Bearer ".length());
        String internal = await(toTokenServer.post("/oauth/token").sendForm(form("grant_type", "client_credentials",
                "client_id", "billing-service", "client_secret", TestServers.SERVICE_SECRET)))
                .bodyAsJsonObject().getString("access_token");
        int before = received.size();
        for (String jwt : List.of(forwarded, internal)) {
            HttpResponse<Buffer> refused = await(toGateway.get("/orders/1").bearerTokenAuthentication(jwt).send());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
            assertThat(refused.bodyAsJsonObject().getString("error_description")).contains("not a JWT");
        }
        assertThat(received).hasSize(before);
    }

    @Test
    void aJwtAnUpstreamReceivedIsRefusedOnARouteForAnotherAudience() throws Exception {
        String forwarded = await(toGateway.get("/orders/1").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer)).send())
                .bodyAsJsonObject().getString("authorization").substring("Bearer ".length());
        int before = received.size();
        HttpResponse<Buffer> replayed = await(toGateway.get("/billing/invoices").bearerTokenAuthentication(forwarded).send());
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.getHeader("WWW-Authenticate")).contains("invalid_token");
        assertThat(received).hasSize(before);
    }

    @Test
    void headersThatClaimAnIdentityOrOverrideTheRequestAndHopByHopOnesNeverReachTheApi() throws Exception {
        HttpResponse<Buffer> response = await(toGateway.get("/orders/1").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer))
                .putHeader("X-HTTP-Method-Override", "DELETE").putHeader("X-Original-URL", "/orders/admin")
                .putHeader("X-Forwarded-Host", "evil.example").putHeader("X-User", "admin")
                .putHeader("Connection", "keep-alive, X-Secret-Hop").putHeader("X-Secret-Hop", "1").send());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject headers = response.bodyAsJsonObject().getJsonObject("headers");
        assertThat(headers.fieldNames()).doesNotContain("x-http-method-override", "x-original-url", "x-user",
                "x-secret-hop");
        assertThat(headers.getString("x-forwarded-host")).as("never the client's Host").isNotEqualTo("evil.example")
                .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).isEqualTo("localhost:" + gateway.port()));
        assertThat(response.bodyAsJsonObject().getString("method")).isEqualTo("GET");
    }

    @Test
    void theApisHopByHopHeadersNeverReachTheClientAndTheGatewayDatesItsAnswers() throws Exception {
        HttpResponse<Buffer> response = await(toGateway.get("/status").putHeader("X-Test-Hop-By-Hop", "1").send());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().contains("X-Upstream-Hop")).as("named by the API's Connection").isFalse();
        assertThat(response.headers().contains("X-Other-Hop")).as("named by a second Connection header").isFalse();
        assertThat(response.headers().contains("Keep-Alive")).isFalse();
        assertThat(response.headers().contains("Warning")).isFalse();
        assertThat(response.getHeader("X-Upstream-End-To-End")).isEqualTo("1");
        Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(response.getHeader("Date"), Instant::from);
        assertThat(date).as("the gateway's own time, not the API's").isCloseTo(Instant.now(),
                within(1, ChronoUnit.MINUTES));
    }

    @Test
    void aWebSocketUpgradeGoesThroughEveryCheckLikeAnyOtherRequest() throws Exception {
        int before = received.size();
        HttpResponse<Buffer> response = await(toGateway.get("/orders/1").putHeader("Connection", "Upgrade")
                .putHeader("Upgrade", "websocket").putHeader("Sec-WebSocket-Version", "13")
                .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").send());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(received).hasSize(before);
    }

    @Test
    void aBodyAboveTheRoutesLimitIs413BeforeAnyOtherWorkAndOversizedHeadersAre431() throws Exception {
        int before = received.size();
        HttpResponse<Buffer> declared = await(toGateway.post("/orders/1").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer))
                .sendBuffer(Buffer.buffer(new byte[64 * 1024 + 1])));
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(await(toGateway.post("/orders/1").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer))
                .sendBuffer(Buffer.buffer(new byte[64 * 1024]))).statusCode()).as("at the limit").isEqualTo(200);
        assertThat(received).hasSize(before + 1);
        assertThat(await(toGateway.get("/status").putHeader("X-Big", "x".repeat(20 * 1024)).send()).statusCode())
                .isEqualTo(431);
    }

    @Test
    void twoCredentialsAreRefusedOnAPublicRouteToo() throws Exception {
        int before = received.size();
        var two = toGateway.get("/status");
        two.headers().add("Authorization", "Bearer one").add("Authorization", "Basic dXNlcjpwYXNz");
        HttpResponse<Buffer> refused = await(two.send());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
        assertThat(received).hasSize(before);
    }

    @Test
    void moreThanAHundredHeaderFieldsAre431AndNeverReachTheApiAFieldSentTwiceCountingTwice() throws Exception {
        int before = received.size();
        var many = toGateway.get("/status");
        for (int i = 0; i < NormalizeStep.MAX_HEADER_FIELDS; i++) {
            many.putHeader("X-Field-" + i, "v"); // with Host and User-Agent: over the limit
        }
        HttpResponse<Buffer> refused = await(many.send());
        assertThat(refused.statusCode()).isEqualTo(431);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
        var repeated = toGateway.get("/status");
        repeated.headers().add("X-Same", (Iterable<String>) Collections.nCopies(NormalizeStep.MAX_HEADER_FIELDS, "v"));
        assertThat(await(repeated.send()).statusCode()).as("one name, many fields").isEqualTo(431);
        assertThat(received).hasSize(before);

        var enough = toGateway.get("/status");
        for (int i = 0; i < NormalizeStep.MAX_HEADER_FIELDS - 10; i++) {
            enough.putHeader("X-Field-" + i, "v");
        }
        assertThat(await(enough.send()).statusCode()).as("under the limit").isEqualTo(200);
        assertThat(received).hasSize(before + 1);
    }

    @Test
    void aChunkedBodyAboveTheLimitNeverReachesTheApiWhole() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        HttpClient raw = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true).setVerifyHost(true).setTrustOptions(new PemTrustOptions()
                        .addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
        try {
            int before = received.size();
            HttpClientRequest request = await(raw.request(new RequestOptions()
                    .setMethod(HttpMethod.POST).setHost("localhost").setPort(gateway.port()).setURI("/orders/1")
                    .putHeader("Authorization", "Bearer " + opaque)));
            request.setChunked(true);
            Future<HttpClientResponse> response = request.response();
            for (int i = 0; i < 10; i++) {
                request.write(Buffer.buffer(new byte[16 * 1024]));
            }
            request.end();
            Future<Integer> outcome = response.map(HttpClientResponse::statusCode);
            outcome.toCompletionStage().toCompletableFuture().handle((status, failure) -> null).get(10,
                    TimeUnit.SECONDS);
            assertThat(outcome.succeeded() && outcome.result() == 200).as("160 KiB through a 64 KiB route").isFalse();
            assertThat(received).hasSize(before);
        } finally {
            await(raw.close());
        }
    }

    @Test
    void aRefusedRequestWithABodyLeavesTheConnectionUsable() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(await(toGateway.post("/orders/1").sendBuffer(Buffer.buffer(new byte[60 * 1024])))
                    .statusCode()).isEqualTo(401);
            assertThat(await(toGateway.post("/orders/1").sendBuffer(Buffer.buffer(new byte[1024 * 1024])))
                    .statusCode()).isEqualTo(413);
        }
        assertThat(await(toGateway.get("/status").send()).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeniedClientIsRefusedWhateverItsTokenAndADeniedAddressBeforeAnythingElse() throws Exception {
        String mobile = await(toTokenServer.post("/oauth/token").basicAuthentication("mobile", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
        int before = received.size();
        HttpResponse<Buffer> refused = await(toGateway.get("/orders/1").bearerTokenAuthentication(mobile).send());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("access_denied");
        assertThat(received).hasSize(before);

        Gateway closed = await(Gateway.start(vertx, TestChain.settings(dir, issuer, List.of(Route.builder("status",
                        "/status").upstream(URI.create("https://localhost:" + upstream.actualPort()))
                        .publicBecause("probe").maxBodyBytes(1024).build()),
                DenyList.of(List.of("127.0.0.0/8", "::1"), Set.of(), Set.of()), Optional.empty()), line -> { }, null));
        WebClient toClosed = TestServers.client(vertx, closed.port());
        try {
            assertThat(await(toClosed.get("/status").send()).statusCode()).isEqualTo(403);
            assertThat(received).hasSize(before);
        } finally {
            toClosed.close();
            await(closed.close());
        }
    }

    @Test
    void aPublicRouteNeedsNoTokenAndForwardsNoneNorTheClientsForwardingHeaders() throws Exception {
        HttpResponse<Buffer> response = await(toGateway.get("/status").putHeader("Authorization", "Bearer something")
                .putHeader("X-Forwarded-For", "10.9.9.9").putHeader("Forwarded", "for=10.9.9.9").send());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = response.bodyAsJsonObject();
        assertThat(seen.getString("authorization")).isNull();
        assertThat(seen.getString("xff")).isNull();
        assertThat(seen.getString("forwarded")).doesNotContain("10.9.9.9");
    }

    @Test
    void theClientsRequestIdIsReplacedByTheGatewaysOwnWhichTheApiTheClientAndTheLogShare() throws Exception {
        HttpResponse<Buffer> response = await(toGateway.get("/status").putHeader("X-Request-Id", "chosen-by-client")
                .send());
        String id = response.getHeader("X-Request-Id");
        assertThat(id).isNotEqualTo("chosen-by-client").matches("[0-9a-f-]{36}");
        assertThat(response.bodyAsJsonObject().getJsonObject("headers").getString("x-request-id")).isEqualTo(id);
        assertThat(logLine(id).getString("request_id")).isEqualTo(id);
    }

    @Test
    void everyRequestLeavesOneAccessLogLineWithoutAnyTokenAndWithTheReasonOfARefusal() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        HttpResponse<Buffer> passed = await(toGateway.get("/orders/7").bearerTokenAuthentication(opaque).send());
        HttpResponse<Buffer> refused = await(toGateway.get("/orders/admin/x").bearerTokenAuthentication(opaque).send());
        JsonObject ok = logLine(passed.getHeader("X-Request-Id"));
        JsonObject no = logLine(refused.getHeader("X-Request-Id"));

        assertThat(passed.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        assertThat(refused.getHeader("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        assertThat(ok.getString("method")).isEqualTo("GET");
        assertThat(ok.getString("path")).isEqualTo("/orders/7");
        assertThat(ok.getString("route")).isEqualTo("orders");
        assertThat(ok.getInteger("status")).isEqualTo(200);
        assertThat(ok.getString("client_id")).isEqualTo("partner");
        assertThat(ok.getString("token")).matches("[0-9a-f]{8}");
        assertThat(ok.getString("source")).isEqualTo("127.0.0.1");
        assertThat(ok.containsKey("refused")).isFalse();
        assertThat(ok.getDouble("latency_ms")).isPositive();
        assertThat(Instant.parse(ok.getString("time"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
        String jwtPayload = passed.bodyAsJsonObject().getString("authorization").split("\\.")[1];
        assertThat(ok.getString("subject")).isNotBlank().isEqualTo(new JsonObject(new String(
                Base64.getUrlDecoder().decode(jwtPayload), StandardCharsets.UTF_8)).getString("sub"));
        assertThat(no.getInteger("status")).isEqualTo(403);
        assertThat(no.getString("refused")).isEqualTo("insufficient scope");
        assertThat(no.getString("token")).isEqualTo(ok.getString("token"));
        String forwardedJwt = passed.bodyAsJsonObject().getString("authorization").substring("Bearer ".length());
        for (JsonObject line : accessLog) {
            assertThat(line.encode()).doesNotContain(opaque).doesNotContain(forwardedJwt);
        }
    }

    /** The access-log line of a request: written when its response ends, so it may come just after the answer. */
    private static JsonObject logLine(String requestId) throws Exception {
        assertThat(requestId).isNotBlank();
        return lineFor(requestId).get(5, TimeUnit.SECONDS);
    }

    private static CompletableFuture<JsonObject> lineFor(String requestId) {
        return linesById.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    @Test
    void expectContinueIsAnsweredByTheGatewayNotPassedOn() throws Exception {
        HttpResponse<Buffer> response = await(toGateway.post("/orders").bearerTokenAuthentication(TestChain.partnerToken(toTokenServer))
                .putHeader("Expect", "100-continue").putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"item\":7}")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = response.bodyAsJsonObject();
        assertThat(seen.getJsonObject("headers").containsKey("expect")).isFalse();
        assertThat(seen.getInteger("body_bytes")).isEqualTo("{\"item\":7}".length());
    }

    @Test
    void aTokenInAFormBodyIs400AndAFormWithoutOneReachesTheApiWhole() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        int before = received.size();
        for (String form : List.of("access_token=" + opaque, "a=1&ACCESS_TOKEN=x", "a=1&access%5Ftoken=x")) {
            HttpResponse<Buffer> withHeader = await(toGateway.post("/orders").bearerTokenAuthentication(opaque)
                    .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer(form)));
            assertThat(withHeader.statusCode()).as(form).isEqualTo(400);
            assertThat(withHeader.getHeader("WWW-Authenticate")).contains("invalid_request");
        }
        assertThat(await(toGateway.post("/orders").putHeader("Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8").sendBuffer(Buffer.buffer("access_token=" + opaque)))
                .statusCode()).as("the form's token alone").isEqualTo(400);
        assertThat(await(toGateway.get("/status").putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("access_token=x"))).statusCode()).as("on a public route too").isEqualTo(400);
        assertThat(received).hasSize(before);

        assertThat(await(toGateway.get("/status").putHeader("Content-Type", List.of("text/plain",
                "application/x-www-form-urlencoded")).sendBuffer(Buffer.buffer("access_token=x"))).statusCode())
                .as("two content types, on a public route too").isEqualTo(400);
        HttpResponse<Buffer> large = await(toGateway.post("/orders").bearerTokenAuthentication(opaque)
                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                .sendBuffer(Buffer.buffer("a=" + "x".repeat(FormTokenStep.MAX_FORM_BYTES))));
        assertThat(large.statusCode()).as("a form is read up to 64 KiB").isEqualTo(413);
        assertThat(received).hasSize(before);

        HttpResponse<Buffer> plain = await(toGateway.post("/orders").bearerTokenAuthentication(opaque)
                .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("item=7&qty=2")));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.bodyAsJsonObject().getInteger("body_bytes")).isEqualTo("item=7&qty=2".length());
    }

    @Test
    void http2ClientsPassTheSameControls() throws Exception {
        WebClient http2 = WebClient.create(vertx, new WebClientOptions().setSsl(true).setUseAlpn(true)
                .setProtocolVersion(HttpVersion.HTTP_2).setVerifyHost(true).setDefaultHost("localhost")
                .setDefaultPort(gateway.port())
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
        try {
            String opaque = TestChain.partnerToken(toTokenServer);
            HttpResponse<Buffer> passed = await(http2.get("/orders/5").bearerTokenAuthentication(opaque).send());
            assertThat(passed.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(passed.statusCode()).isEqualTo(200);
            assertThat(passed.bodyAsJsonObject().getString("authorization")).startsWith("Bearer ey").doesNotContain(opaque);
            int before = received.size();
            HttpResponse<Buffer> none = await(http2.get("/orders/5").send());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(await(http2.get("/orders/5?access_token=" + opaque).send()).statusCode()).isEqualTo(400);
            assertThat(await(http2.get("/orders/%2e%2e/admin").bearerTokenAuthentication(opaque).send()).statusCode())
                    .isEqualTo(400);
            var many = http2.get("/orders/5").bearerTokenAuthentication(opaque);
            for (int i = 0; i < NormalizeStep.MAX_HEADER_FIELDS; i++) {
                many.putHeader("x-field-" + i, "v");
            }
            assertThat(await(many.send()).statusCode()).as("too many header fields").isEqualTo(431);
            var large = http2.get("/orders/5").bearerTokenAuthentication(opaque)
                    .putHeader("x-big", "x".repeat(20 * 1024));
            assertThat(large.send().toCompletionStage().toCompletableFuture().handle((answer, failure) ->
                    failure != null || answer.statusCode() == 431).get(10, TimeUnit.SECONDS))
                    .as("headers over the size limit: 431, or refused before they are sent").isTrue();
            assertThat(received).hasSize(before);
        } finally {
            http2.close();
        }
    }

    @Test
    void aPathTemplateRoutesAndTheRouteRewritesPathAndHeaders() throws Exception {
        String opaque = TestChain.partnerToken(toTokenServer);
        HttpResponse<Buffer> response = await(toGateway.get("/orders/42/items/7?x=1").bearerTokenAuthentication(opaque)
                .putHeader("X-Debug", "on").putHeader("X-Api-Version", "1").send());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject seen = response.bodyAsJsonObject();
        assertThat(seen.getString("uri")).isEqualTo("/api/v2/items/42/7?x=1");
        assertThat(seen.getJsonObject("headers").getString("x-api-version")).isEqualTo("2");
        assertThat(seen.getJsonObject("headers").containsKey("x-debug")).isFalse();
        assertThat(seen.getString("authorization")).startsWith("Bearer ey");
        assertThat(logLine(response.getHeader("X-Request-Id")).getString("route")).isEqualTo("order-items");
        assertThat(await(toGateway.get("/orders/42/itemsx").bearerTokenAuthentication(opaque).send()).bodyAsJsonObject()
                .getString("uri")).as("not under the template: the /orders route, unrewritten")
                .isEqualTo("/api/orders/42/itemsx");
    }

    @Test
    void aRouteForAHostTakesOnlyThatHostsRequests() throws Exception {
        HttpResponse<Buffer> partners = await(toGateway.get("/orders/1").putHeader("Host", "partners.localhost").send());
        assertThat(partners.statusCode()).as("the partner host's public route").isEqualTo(200);
        assertThat(logLine(partners.getHeader("X-Request-Id")).getString("route")).isEqualTo("partner-orders");
        assertThat(await(toGateway.get("/orders/1").send()).statusCode()).as("any other host: the phantom route")
                .isEqualTo(401);
    }

    @Test
    void scopeRulesRequireMoreOfSomeMethodsAndContentTypes() throws Exception {
        String readOnly = token("partner", "orders:read");
        String readWrite = TestChain.partnerToken(toTokenServer);
        int before = received.size();
        assertThat(await(toGateway.get("/imports/1").bearerTokenAuthentication(readOnly).send()).statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> post = await(toGateway.post("/imports").bearerTokenAuthentication(readOnly)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}")));
        assertThat(post.statusCode()).as("orders:read cannot POST").isEqualTo(403);
        assertThat(post.getHeader("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
                .contains("scope=\"orders:read orders:write\"");
        assertThat(await(toGateway.post("/imports").bearerTokenAuthentication(readWrite)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{}"))).statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> csv = await(toGateway.post("/imports").bearerTokenAuthentication(readWrite)
                .putHeader("Content-Type", "Text/CSV; charset=utf-8").sendBuffer(Buffer.buffer("a,b\n")));
        assertThat(csv.statusCode()).as("no orders:import, no text/csv").isEqualTo(403);
        assertThat(csv.getHeader("WWW-Authenticate")).contains("orders:import");
        HttpResponse<Buffer> twoTypes = await(toGateway.post("/imports").bearerTokenAuthentication(readWrite)
                .putHeader("Content-Type", List.of("application/json", "text/csv")).sendBuffer(Buffer.buffer("{}")));
        assertThat(twoTypes.statusCode()).isEqualTo(400);
        assertThat(received).as("only the two allowed requests reached the API").hasSize(before + 2);
    }

    @Test
    void aLimitKeyedByAClaimIsSharedByEveryClientThatCarriesIt() throws Exception {
        String partner = TestChain.partnerToken(toTokenServer);
        String sameTenant = token("partner-eu", "orders:read");
        assertThat(await(toGateway.get("/tenants").bearerTokenAuthentication(partner).send()).statusCode())
                .isEqualTo(200);
        assertThat(await(toGateway.get("/tenants").bearerTokenAuthentication(sameTenant).send()).statusCode())
                .isEqualTo(200);
        HttpResponse<Buffer> third = await(toGateway.get("/tenants").bearerTokenAuthentication(partner).send());
        assertThat(third.statusCode()).as("the tenant's budget of 2, spent by two clients").isEqualTo(429);
        assertThat(third.getHeader("RateLimit-Policy")).isEqualTo("\"tenants\";q=2;w=60");
    }

    private static String token(String client, String scope) throws Exception {
        HttpResponse<Buffer> response = await(toTokenServer.post("/oauth/token").basicAuthentication(client,
                TestServers.PARTNER_SECRET).sendForm(form("grant_type", "client_credentials", "scope", scope)));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.bodyAsJsonObject().getString("access_token");
    }


    private static Route route(String name, String path, AuthMethod auth, URI upstream, List<String> scopes,
                               RatePolicy limit) {
        Route.Builder route = Route.builder(name, path).methods(HttpMethod.GET, HttpMethod.POST).upstream(upstream)
                .scopes(scopes.toArray(String[]::new)).maxBodyBytes(64 * 1024);
        if (limit != null) {
            route.rateLimits(RateRule.perClient(limit));
        }
        return (auth == AuthMethod.JWT ? route.jwt(name.equals("billing") ? "billing-api" : "orders-api")
                : route.phantom()).build();
    }

}
