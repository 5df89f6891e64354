package io.apisec.gateway;

import io.apisec.gateway.block.DenyKind;
import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.ratelimit.RateRule;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes sharing the machine's Redis (127.0.0.1:6379; services profile: fails, not skips, when it is
 * absent) keep one limit between them, share the token cache and the deny list, and both evict a token the token
 * server revoked (its notices on a Redis channel); an unreachable Redis fails closed, or falls back to the node's
 * own limits.
 */
@Tag("services")
class GatewayRedisTest {

    private static final String REDIS = System.getenv().getOrDefault("APISEC_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer upstream;
    private static WebClient toTokenServer;
    private static URI issuer;
    /** This run's own revocation channel, so that runs sharing the Redis do not hear each other. */
    private static final String CHANNEL = "apisec:test:" + UUID.randomUUID();
    private static final AtomicInteger reached = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir, Map.of("APISEC_REVOCATION_NOTICES_REDIS_URL", REDIS,
                "APISEC_REVOCATION_NOTICES_CHANNEL", CHANNEL));
        issuer = TestChain.issuer(tokenServer.port());
        toTokenServer = TestServers.client(vertx, tokenServer.port());
        upstream = TestChain.upstream(vertx, request -> {
                    reached.incrementAndGet();
                    request.response().end("ok");
                });
    }

    @AfterAll
    static void stop() throws Exception {
        TestChain.stop(vertx, List.of(toTokenServer), List.of(upstream::close, tokenServer::close));
    }

    @Test
    void twoNodesKeepOneLimitBetweenThem() throws Exception {
        withTwoNodes(unique("shared"), (first, second, toFirst, toSecond) -> {
            String token = TestChain.partnerToken(toTokenServer);
            int admitted = 0;
            for (int i = 0; i < 30; i++) {
                int status = await((i % 2 == 0 ? toFirst : toSecond).get("/orders/1").bearerTokenAuthentication(token)
                        .send()).statusCode();
                assertThat(status).isIn(200, 429);
                admitted += status == 200 ? 1 : 0;
            }
            assertThat(admitted).as("10 per minute for the client, whichever node it reaches").isEqualTo(10);
        });
    }

    @Test
    void anUnreachableRedisFailsClosedOrFallsBackToTheNodesOwnLimits() throws Exception {
        String policy = "down" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Gateway closed = gateway(policy, new GatewaySettings.SharedStore("redis://127.0.0.1:1", false));
        Gateway local = gateway(policy, new GatewaySettings.SharedStore("redis://127.0.0.1:1", true));
        WebClient toClosed = TestServers.client(vertx, closed.port());
        WebClient toLocal = TestServers.client(vertx, local.port());
        try {
            String token = TestChain.partnerToken(toTokenServer);
            int before = reached.get();
            assertThat(await(toClosed.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(503);
            assertThat(reached.get()).isEqualTo(before);
            int admitted = 0;
            for (int i = 0; i < 15; i++) {
                admitted += await(toLocal.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode() == 200 ? 1 : 0;
            }
            assertThat(admitted).as("never unlimited: the node's own 10 per minute").isEqualTo(10);
            assertThat(count(closed, "apisec_gateway_rate_limiter_store_failures_total")).isEqualTo(1);
            assertThat(count(local, "apisec_gateway_rate_limiter_store_failures_total")).isEqualTo(15);
        } finally {
            toClosed.close();
            toLocal.close();
            await(closed.close());
            await(local.close());
        }
    }

    @Test
    void aTokenIsIntrospectedOnceForTheClusterNotOncePerNode() throws Exception {
        withTwoNodes(unique("cache"), (first, second, toFirst, toSecond) -> {
            String token = TestChain.partnerToken(toTokenServer);
            assertThat(await(toFirst.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);
            assertThat(await(toSecond.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);
            assertThat(count(first, "apisec_gateway_introspections_total{outcome=\"active\"}")).isEqualTo(1);
            assertThat(count(second, "apisec_gateway_introspections_total{outcome=\"active\"}"))
                    .as("the second node found the first one's answer in Redis").isEqualTo(0);
            assertThat(count(second, "apisec_gateway_phantom_lookups_total{outcome=\"active\"}")).isEqualTo(1);
        });
    }

    @Test
    void aRevocationAnnouncedOnRedisReachesBothNodes() throws Exception {
        withTwoNodes(unique("revoke"), (first, second, toFirst, toSecond) -> {
            awaitSubscribed(first);
            awaitSubscribed(second);
            String token = TestChain.partnerToken(toTokenServer);
            assertThat(await(toFirst.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);
            assertThat(await(toSecond.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);

            assertThat(await(toTokenServer.post("/oauth/revoke").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                    .sendForm(form("token", token))).statusCode()).isEqualTo(200);
            long revokedAt = System.nanoTime();
            long firstMillis = millisUntilRefused(toFirst, token, revokedAt);
            long secondMillis = millisUntilRefused(toSecond, token, revokedAt);
            // Reported, not asserted on: the delay is measured here and in the closing note.
            System.out.printf("revocation over Redis: refused by node 1 after %d ms, node 2 after %d ms%n",
                    firstMillis, secondMillis);
        });
    }

    @Test
    void aDenyListEntryAddedOnOneNodeIsEnforcedByTheOther() throws Exception {
        String subject = "partner";
        withTwoNodes(unique("deny"), (first, second, toFirst, toSecond) -> {
            awaitSubscribed(second);
            String token = TestChain.partnerToken(toTokenServer);
            assertThat(await(toSecond.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(200);
            assertThat(await(first.deny(DenyKind.SUBJECTS, subject))).isTrue();
            try {
                assertThat(eventually(() -> await(toSecond.get("/orders/1").bearerTokenAuthentication(token).send())
                        .statusCode(), 403)).isEqualTo(403);
                assertThat(await(first.undeny(DenyKind.SUBJECTS, subject))).isTrue();
                assertThat(eventually(() -> await(toSecond.get("/orders/1").bearerTokenAuthentication(token).send())
                        .statusCode(), 200)).isEqualTo(200);
            } finally {
                await(first.undeny(DenyKind.SUBJECTS, subject)); // never left behind in the shared Redis
            }
        });
    }

    private interface TwoNodes {
        void run(Gateway first, Gateway second, WebClient toFirst, WebClient toSecond) throws Exception;
    }

    /** Two nodes sharing this run's Redis setup, both with a rate limit named {@code policy}; closed after. */
    private static void withTwoNodes(String policy, TwoNodes test) throws Exception {
        Gateway first = gateway(policy, shared());
        Gateway second = gateway(policy, shared());
        WebClient toFirst = TestServers.client(vertx, first.port());
        WebClient toSecond = TestServers.client(vertx, second.port());
        try {
            test.run(first, second, toFirst, toSecond);
        } finally {
            toFirst.close();
            toSecond.close();
            await(first.close());
            await(second.close());
        }
    }

    private static GatewaySettings.SharedStore shared() {
        return new GatewaySettings.SharedStore(REDIS, false, CHANNEL);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static double count(Gateway gateway, String series) {
        Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.scrape());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** Polls (every 5 ms, at most 5 s) until the token is refused; returns the milliseconds since {@code since}. */
    private static long millisUntilRefused(WebClient gateway, String token, long since) throws Exception {
        int status = eventually(() -> await(gateway.get("/orders/1").bearerTokenAuthentication(token).send())
                .statusCode(), 401);
        assertThat(status).isEqualTo(401);
        return (System.nanoTime() - since) / 1_000_000;
    }

    /** A node subscribes to the channels as it starts; its readiness says when it has. */
    private static void awaitSubscribed(Gateway node) throws Exception {
        assertThat(eventually(() -> "UP".equals(await(node.readiness()).getJsonObject("checks")
                .getString("redis_channels")) ? 1 : 0, 1)).isEqualTo(1);
    }

    private interface Probe {
        int status() throws Exception;
    }

    /** The probe's status once it is {@code wanted}, or its last one after 5 s. */
    private static int eventually(Probe probe, int wanted) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int status = probe.status();
        while (status != wanted && System.nanoTime() < deadline) {
            Thread.sleep(5);
            status = probe.status();
        }
        return status;
    }

    private static Gateway gateway(String policy, GatewaySettings.SharedStore redis) throws Exception {
        Route orders = Route.builder(policy, "/orders").upstream(URI.create("https://localhost:" + upstream.actualPort()))
                .phantom().rateLimits(RateRule.perClient(RatePolicy.of(policy, 10, Duration.ofMinutes(1))))
                .maxBodyBytes(1024).build();
        return await(Gateway.start(vertx, TestChain.settings(dir, issuer, List.of(orders), DenyList.empty(),
                Optional.of(redis)), line -> { }, null));
    }

}
