package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes sharing the machine's Redis (127.0.0.1:6379; services profile: fails, not skips, when it is
 * absent) keep one limit between them; an unreachable Redis fails closed, or falls back to the node's own limits.
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
    private static final AtomicInteger reached = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        issuer = TestChain.issuer(tokenServer.port());
        toTokenServer = TestServers.client(vertx, tokenServer.port());
        upstream = TestChain.upstream(vertx, request -> {
                    reached.incrementAndGet();
                    request.response().end("ok");
                });
    }

    @AfterAll
    static void stop() throws Exception {
        toTokenServer.close();
        await(upstream.close());
        await(tokenServer.close());
        await(vertx.close());
    }

    @Test
    void twoNodesKeepOneLimitBetweenThem() throws Exception {
        String policy = "shared" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Gateway first = gateway(policy, new GatewaySettings.SharedStore(REDIS, false));
        Gateway second = gateway(policy, new GatewaySettings.SharedStore(REDIS, false));
        WebClient toFirst = TestServers.client(vertx, first.port());
        WebClient toSecond = TestServers.client(vertx, second.port());
        try {
            String token = partnerToken();
            int admitted = 0;
            for (int i = 0; i < 30; i++) {
                int status = await((i % 2 == 0 ? toFirst : toSecond).get("/orders/1").bearerTokenAuthentication(token)
                        .send()).statusCode();
                assertThat(status).isIn(200, 429);
                admitted += status == 200 ? 1 : 0;
            }
            assertThat(admitted).as("10 per minute for the client, whichever node it reaches").isEqualTo(10);
        } finally {
            toFirst.close();
            toSecond.close();
            await(first.close());
            await(second.close());
        }
    }

    @Test
    void anUnreachableRedisFailsClosedOrFallsBackToTheNodesOwnLimits() throws Exception {
        String policy = "down" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Gateway closed = gateway(policy, new GatewaySettings.SharedStore("redis://127.0.0.1:1", false));
        Gateway local = gateway(policy, new GatewaySettings.SharedStore("redis://127.0.0.1:1", true));
        WebClient toClosed = TestServers.client(vertx, closed.port());
        WebClient toLocal = TestServers.client(vertx, local.port());
        try {
            String token = partnerToken();
            int before = reached.get();
            assertThat(await(toClosed.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode()).isEqualTo(503);
            assertThat(reached.get()).isEqualTo(before);
            int admitted = 0;
            for (int i = 0; i < 15; i++) {
                admitted += await(toLocal.get("/orders/1").bearerTokenAuthentication(token).send()).statusCode() == 200 ? 1 : 0;
            }
            assertThat(admitted).as("never unlimited: the node's own 10 per minute").isEqualTo(10);
        } finally {
            toClosed.close();
            toLocal.close();
            await(closed.close());
            await(local.close());
        }
    }

    private static Gateway gateway(String policy, GatewaySettings.SharedStore redis) throws Exception {
        Route orders = new Route(policy, "/orders", Set.of(HttpMethod.GET),
                URI.create("https://localhost:" + upstream.actualPort()), AuthMethod.PHANTOM, Optional.empty(), List.of(),
                Optional.of(RatePolicy.of(policy, 10, Duration.ofMinutes(1))), Optional.empty(), 1024);
        return await(Gateway.start(vertx, TestChain.settings(dir, issuer, List.of(orders), DenyList.empty(),
                Optional.of(redis)), line -> { }, null));
    }

    private static String partnerToken() throws Exception {
        return await(toTokenServer.post("/oauth/token").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }
}
