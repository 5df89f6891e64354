package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phantom route when the token server cannot give a verified answer, through a real gateway: refused by the
 * token server (the gateway's own credentials wrong) is 502, down is 503 with {@code Retry-After}; never 200, and
 * the API is never reached. A token already verified and cached still passes while the token server is down.
 */
class TokenServerFailureTest {

    @TempDir
    Path dir;

    @Test
    void aTokenServerThatRefusesTheGatewayIs502AndOneThatIsDownIs503() throws Exception {
        Vertx vertx = TestChain.vertx();
        AtomicInteger reached = new AtomicInteger();
        TokenServer tokenServer = TestChain.tokenServer(vertx, dir);
        HttpServer upstream = TestChain.upstream(vertx, request -> {
            reached.incrementAndGet();
            request.response().end("ok");
        });
        URI api = URI.create("https://localhost:" + upstream.actualPort());
        List<Route> routes = List.of(Route.builder("orders", "/orders").upstream(api).phantom().build());
        GatewaySettings settings = TestChain.settings(dir, TestChain.issuer(tokenServer.port()), routes,
                DenyList.empty(), Optional.empty());
        Gateway gateway = await(Gateway.start(vertx, settings, line -> { }, null));
        Gateway refusedGateway = await(Gateway.start(vertx, withSecret(settings, "not-the-gateways-secret"),
                line -> { }, null));
        WebClient toGateway = TestServers.client(vertx, gateway.port());
        WebClient toRefused = TestServers.client(vertx, refusedGateway.port());
        WebClient toTokenServer = TestServers.client(vertx, tokenServer.port());
        try {
            String cached = TestChain.partnerToken(toTokenServer);
            String unseen = TestChain.partnerToken(toTokenServer);
            assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(cached).send()).statusCode())
                    .isEqualTo(200);
            int before = reached.get();

            HttpResponse<Buffer> refused = await(toRefused.get("/orders/1").bearerTokenAuthentication(unseen).send());
            assertThat(refused.statusCode()).as("the token server refused the gateway's credentials").isEqualTo(502);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("server_error");

            await(tokenServer.close());
            HttpResponse<Buffer> down = await(toGateway.get("/orders/1").bearerTokenAuthentication(unseen).send());
            assertThat(down.statusCode()).as("the token server is down").isEqualTo(503);
            assertThat(down.getHeader("Retry-After")).isEqualTo("5");
            assertThat(down.bodyAsJsonObject().getString("error")).isEqualTo("temporarily_unavailable");
            assertThat(reached.get()).as("no unverified request reached the API").isEqualTo(before);

            assertThat(await(toGateway.get("/orders/1").bearerTokenAuthentication(cached).send()).statusCode())
                    .as("verified before, still cached").isEqualTo(200);
        } finally {
            TestChain.stop(vertx, List.of(toGateway, toRefused, toTokenServer),
                    List.of(gateway::close, refusedGateway::close, upstream::close));
        }
    }

    private static GatewaySettings withSecret(GatewaySettings s, String secret) {
        return new GatewaySettings(s.host(), s.port(), s.listeners(), s.transport(), s.certificate(), s.privateKey(),
                s.trustedCertificates(), s.issuer(), s.introspectionClient(), secret, s.cacheMaxTtl(), s.routes(),
                s.deny(), s.invalidTokens(), s.redis(), s.admin());
    }
}
