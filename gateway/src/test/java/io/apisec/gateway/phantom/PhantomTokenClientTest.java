package io.apisec.gateway.phantom;

import io.apisec.gateway.testing.TestChain;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The phantom-token exchange against a real token server over TLS. */
class PhantomTokenClientTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer server;
    private static WebClient web;
    private static JwksKeySource keys;
    private static URI issuer;

    @BeforeAll
    static void start() throws Exception {
        int port = TestServers.freePort();
        issuer = URI.create("https://localhost:" + port);
        vertx = TestChain.vertx();
        server = TestServers.start(vertx, TestServers.config(dir, issuer.toString(), port,
                TestServers.memoryDatabase("gw")));
        web = TestServers.client(vertx, port);
        keys = JwksKeySource.builder().issuer(issuer).sslContext(TestTls.get().clientContext()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        keys.close();
        web.close();
        await(server.close());
        await(vertx.close());
    }

    @Test
    void anActiveOpaqueTokenBecomesItsVerifiedJwtCachedNoLongerThanTheServerSays() throws Exception {
        String opaque = partnerToken();
        IntrospectionOutcome outcome = await(client("gateway", TestServers.GATEWAY_SECRET).introspect(opaque));

        assertThat(outcome).isInstanceOfSatisfying(IntrospectionOutcome.Active.class, active -> {
            assertThat(active.jwt()).doesNotContain(opaque).startsWith("ey");
            assertThat(active.token().clientId()).contains("partner");
            assertThat(active.token().audiences()).containsExactly("orders-api");
            assertThat(active.cacheUntil()).isAfter(Instant.now())
                    .isBeforeOrEqualTo(active.token().expiresAt().minusSeconds(30));
            assertThat(active.toString()).doesNotContain(active.jwt());
        });
    }

    @Test
    void aRevokedTokenIsInactive() throws Exception {
        String opaque = partnerToken();
        assertThat(await(web.post("/oauth/revoke").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("token", opaque))).statusCode()).isEqualTo(200);
        assertThat(await(client("gateway", TestServers.GATEWAY_SECRET).introspect(opaque)))
                .isInstanceOf(IntrospectionOutcome.Inactive.class);
        assertThat(await(client("gateway", TestServers.GATEWAY_SECRET).introspect("made-up")))
                .isInstanceOf(IntrospectionOutcome.Inactive.class);
    }

    @Test
    void refusedGatewayCredentialsAreAFailureNotAnInactiveToken() throws Exception {
        String opaque = partnerToken();
        assertThat(await(client("gateway", "wrong-secret").introspect(opaque)))
                .as("401 from the token server: the gateway is misconfigured (502), the token says nothing")
                .isInstanceOf(IntrospectionOutcome.Failed.class);
        assertThat(await(client("partner", TestServers.PARTNER_SECRET).introspect(opaque)))
                .as("a client without the introspection permission").isInstanceOf(IntrospectionOutcome.Failed.class);
    }

    @Test
    void anUnreachableTokenServerIsUnavailable() throws Exception {
        int closedPort = TestServers.freePort();
        PhantomTokenClient unreachable = new PhantomTokenClient(vertx, web,
                URI.create("https://localhost:" + closedPort + "/oauth/introspect"), "gateway",
                TestServers.GATEWAY_SECRET, validator(), Duration.ofSeconds(2), Duration.ofSeconds(30), Clock.systemUTC());
        assertThat(await(unreachable.introspect("anything"))).isInstanceOf(IntrospectionOutcome.Unavailable.class);
    }

    @Test
    void a503IsUnavailableAndAForged200IsAFailure() throws Exception {
        HttpServer fake = await(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions()
                                .addCertValue(io.vertx.core.buffer.Buffer.buffer(TestTls.get().certificatePem()))
                                .addKeyValue(io.vertx.core.buffer.Buffer.buffer(TestTls.get().privateKeyPem()))))
                .requestHandler(request -> {
                    if (request.path().endsWith("/down")) {
                        request.response().setStatusCode(503).end();
                    } else if (request.path().endsWith("/forged")) {
                        // A JWT form signed by no key of the token server.
                        request.response().putHeader("Content-Type", "application/jwt")
                                .end("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
                    } else {
                        request.response().putHeader("Content-Type", "application/json").end("{\"active\":true}");
                    }
                }).listen(0, "localhost"));
        try {
            String base = "https://localhost:" + fake.actualPort();
            assertThat(await(at(base + "/down").introspect("t"))).isInstanceOf(IntrospectionOutcome.Unavailable.class);
            assertThat(await(at(base + "/forged").introspect("t"))).isInstanceOf(IntrospectionOutcome.Failed.class);
            assertThat(await(at(base + "/json").introspect("t")))
                    .as("a 200 that is not a JWT is never taken for an active token")
                    .isInstanceOf(IntrospectionOutcome.Failed.class);
        } finally {
            await(fake.close());
        }
    }

    @Test
    void maxAgeIsReadFromCacheControl() {
        assertThat(PhantomTokenClient.maxAge("max-age=120")).hasValue(120);
        assertThat(PhantomTokenClient.maxAge("no-transform, Max-Age=5")).hasValue(5);
        assertThat(PhantomTokenClient.maxAge("s-maxage=9")).isEmpty();
        assertThat(PhantomTokenClient.maxAge("no-store")).isEmpty();
        assertThat(PhantomTokenClient.maxAge(null)).isEmpty();
    }

    private static String partnerToken() throws Exception {
        return await(web.post("/oauth/token").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }

    private static PhantomTokenClient client(String id, String secret) {
        return new PhantomTokenClient(vertx, web, URI.create(issuer + "/oauth/introspect"), id, secret, validator(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static PhantomTokenClient at(String endpoint) {
        return new PhantomTokenClient(vertx, web, URI.create(endpoint), "gateway", TestServers.GATEWAY_SECRET,
                validator(), Duration.ofSeconds(5), Duration.ofSeconds(30), Clock.systemUTC());
    }

    private static JwtValidator validator() {
        return JwtValidator.builder().issuer(issuer.toString()).ignoreAudience().keySource(keys).build();
    }
}
