package io.apisec.jwt.vertx;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import io.apisec.jwt.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Vert.x adapter over real HTTPS: who gets through, and what everyone else is told. */
class JwtAuthHandlerTest {

    private static final JWK KEY = TestKeys.rsa("k1");
    private static final JWK UNPUBLISHED = TestKeys.rsa("k-unpublished");

    private final TestClock clock = TestClock.atNow();
    private final AtomicInteger reached = new AtomicInteger();
    private Vertx vertx;
    private JwksServer jwks;
    private JwksKeySource keys;
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        jwks = JwksServer.https();
        jwks.publish(KEY);
        keys = JwksKeySource.builder().jwksUri(jwks.jwksUri()).sslContext(TestTls.get().clientContext())
                .clock(clock).build();
        JwtValidator validator = JwtValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .keySource(keys).clock(clock).build();
        JwtAuthHandler auth = JwtAuthHandler.create(validator, "orders");

        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route("/form/*").handler(BodyHandler.create());
        router.route("/form/*").handler(auth);
        router.route("/form/*").handler(rc -> count(rc.response().end("ok")));
        router.route("/api/*").handler(auth);
        router.route("/api/*").handler(BodyHandler.create());
        router.get("/api/me").handler(rc -> count(rc.response().end(JwtAuthHandler.accessToken(rc).subject().orElseThrow())));
        router.post("/api/echo").handler(rc -> count(rc.response().end(rc.body().asString())));
        router.route("/api/orders/*").handler(auth.requireScopes("orders:write"));
        router.route("/api/orders/*").handler(rc -> count(rc.response().end("created")));
        router.get("/api/presented").handler(rc -> count(rc.response().end(JwtAuthHandler.presentedToken(rc))));
        router.get("/api/tenant").handler(rc -> {
            try {
                JwtAuthHandler.accessToken(rc).requireClaim("tenant", "acme"::equals);
                count(rc.response().end("acme"));
            } catch (TokenRejectedException refused) {
                auth.refuse(rc, refused);
            }
        });
        router.get("/unprotected").handler(rc -> rc.response().end(JwtAuthHandler.accessToken(rc).toString()));

        server = await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(TestTls.get().certificatePem()))
                        .setKeyValue(Buffer.buffer(TestTls.get().privateKeyPem()))))
                .requestHandler(router).listen());
        client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setDefaultHost("localhost").setDefaultPort(server.actualPort())
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        await(vertx.close());
        keys.close();
        jwks.close();
    }

    @Test
    void requestWithValidTokenReachesTheRouteWithTheVerifiedToken() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/me").bearerTokenAuthentication(token().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("alice");
        assertThat(reached).hasValue(1);
    }

    @Test
    void requestBodyArrivesIntactAfterTheAsynchronousCheck() throws Exception {
        String body = "{\"item\":\"" + "x".repeat(100_000) + "\"}";

        HttpResponse<Buffer> response = send(client.post("/api/echo").bearerTokenAuthentication(token().sign()),
                Buffer.buffer(body));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo(body);
    }

    @Test
    void thePresentedTokenIsTheOneThatWasVerifiedForAnExchange() throws Exception {
        String token = token().sign();

        assertThat(send(get("/api/presented").bearerTokenAuthentication(token)).bodyAsString()).isEqualTo(token);
    }

    @Test
    void anApisOwnClaimRefusalIsAnsweredAsTheHandlerAnswersWith403() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/tenant").bearerTokenAuthentication(
                token().claim("tenant", "globex").sign()));

        assertRefused(response, 403);
        assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"orders\"")
                .contains("error=\"insufficient_scope\"");
        assertThat(send(get("/api/tenant").bearerTokenAuthentication(token().claim("tenant", "acme").sign()))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void requestWithoutTokenIsRefusedWith401AndABareChallenge() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/me"));

        assertRefused(response, 401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void requestWithExpiredTokenIsRefusedWith401InvalidToken() throws Exception {
        String expired = token().issuedAt(clock.instant().minusSeconds(900)).expiresAt(clock.instant().minusSeconds(600)).sign();

        HttpResponse<Buffer> response = send(get("/api/me").bearerTokenAuthentication(expired));

        assertRefused(response, 401);
        assertThat(response.getHeader("WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The access token has expired\"");
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_token");
        assertThat(response.bodyAsString()).doesNotContain(expired);
    }

    @Test
    void requestWithTokenForAnotherAudienceIsRefusedWith401() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/me")
                .bearerTokenAuthentication(token().claim("aud", "billing-api").sign()));

        assertRefused(response, 401);
        assertThat(response.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    @Test
    void requestWithTokenSignedByAnUnknownKeyIsRefusedWith401() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/me")
                .bearerTokenAuthentication(TestTokens.accessToken(UNPUBLISHED, clock).sign()));

        assertRefused(response, 401);
    }

    @Test
    void requestWithBasicCredentialsIsRefusedWith401AndABareChallenge() throws Exception {
        HttpResponse<Buffer> response = send(get("/api/me").basicAuthentication("alice", "secret"));

        assertRefused(response, 401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"orders\"");
    }

    @Test
    void requestWithTokenInHeaderAndQueryIsRefusedWith400() throws Exception {
        String token = token().sign();

        HttpResponse<Buffer> response = send(client.get("/api/me?access_token=" + token).bearerTokenAuthentication(token));

        assertRefused(response, 400);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
    }

    @Test
    void requestWithTokenOnlyInQueryIsRefusedWith400() throws Exception {
        HttpResponse<Buffer> response = send(client.get("/api/me?access_token=" + token().sign()));

        assertRefused(response, 400);
    }

    @Test
    void requestWithTwoAuthorizationHeadersIsRefusedWith400() throws Exception {
        HttpRequest<Buffer> request = get("/api/me").putHeader("Authorization",
                List.of("Bearer " + token().sign(), "Bearer " + token().sign()));

        assertRefused(send(request), 400);
    }

    @Test
    void requestWithTokenInHeaderAndFormBodyIsRefusedWith400() throws Exception {
        String token = token().sign();
        HttpRequest<Buffer> request = client.post("/form/submit").bearerTokenAuthentication(token);

        HttpResponse<Buffer> response = await(request.sendForm(MultiMap.caseInsensitiveMultiMap()
                .add("access_token", token).add("item", "book")));

        assertRefused(response, 400);
    }

    @Test
    void formWithoutTokenFieldAndTokenInHeaderPasses() throws Exception {
        HttpResponse<Buffer> response = await(client.post("/form/submit").bearerTokenAuthentication(token().sign())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("item", "book")));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWithoutTheRequiredScopeIsRefusedWith403InsufficientScope() throws Exception {
        HttpResponse<Buffer> response = send(client.post("/api/orders/new")
                .bearerTokenAuthentication(token().scope("orders:read").sign()));

        assertRefused(response, 403);
        assertThat(response.getHeader("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
                .endsWith("scope=\"orders:write\"");
    }

    @Test
    void tokenWithTheRequiredScopeReachesTheScopedRoute() throws Exception {
        HttpResponse<Buffer> response = send(client.post("/api/orders/new")
                .bearerTokenAuthentication(token().scope("orders:read orders:write").sign()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo("created");
    }

    @Test
    void unknownKeyWhileJwksIsDownIsAnswered503WithoutAChallenge() throws Exception {
        send(get("/api/me").bearerTokenAuthentication(token().sign()));
        reached.set(0);
        jwks.mode(JwksServer.Mode.DOWN);

        HttpResponse<Buffer> response = send(get("/api/me")
                .bearerTokenAuthentication(TestTokens.accessToken(UNPUBLISHED, clock).sign()));

        assertRefused(response, 503);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void knownKeyWhileJwksIsDownStillPassesWithinTheOutageBound() throws Exception {
        send(get("/api/me").bearerTokenAuthentication(token().sign()));
        jwks.mode(JwksServer.Mode.DOWN);
        clock.advance(Duration.ofMinutes(10));

        HttpResponse<Buffer> response = send(get("/api/me").bearerTokenAuthentication(token().sign()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void readingTheTokenOnAnUnprotectedRouteFailsClosed() throws Exception {
        HttpResponse<Buffer> response = send(get("/unprotected").bearerTokenAuthentication(token().sign()));

        assertThat(response.statusCode()).isEqualTo(500);
    }

    @Test
    void requiringNoScopeOrAMalformedOneIsRefusedAtConfiguration() {
        JwtAuthHandler auth = JwtAuthHandler.create(JwtValidator.builder().issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE).keySource(keys).build(), "orders");

        org.assertj.core.api.Assertions.assertThatThrownBy(auth::requireScopes)
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> auth.requireScopes("orders:read orders:write"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private TestTokens.Builder token() {
        return TestTokens.accessToken(KEY, clock);
    }

    private HttpRequest<Buffer> get(String path) {
        return client.request(HttpMethod.GET, path);
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request) throws Exception {
        return await(request.send());
    }

    private HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) throws Exception {
        return await(request.sendBuffer(body));
    }

    private void assertRefused(HttpResponse<Buffer> response, int status) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(reached).as("a refused request never reaches the route").hasValue(0);
        if (status != 503) {
            assertThat(new JsonObject(response.bodyAsString()).containsKey("error_description")).isTrue();
        }
    }

    private void count(Future<Void> ignored) {
        reached.incrementAndGet();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
