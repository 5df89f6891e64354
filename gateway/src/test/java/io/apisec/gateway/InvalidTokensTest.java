package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.ratelimit.RatePolicy;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token guessing, end to end: an address that presents more made-up or forged tokens than its budget is refused
 * with 429 before any token of its is checked — no introspection, no upstream — while another address passes.
 */
class InvalidTokensTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer upstream;
    private static Gateway gateway;
    private static WebClient guesser;
    private static WebClient toTokenServer;
    private static final AtomicInteger upstreamHits = new AtomicInteger();
    private static final List<JsonObject> accessLog = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        upstream = TestChain.upstream(vertx, request -> {
            upstreamHits.incrementAndGet();
            request.response().end("ok");
        });
        URI api = URI.create("https://localhost:" + upstream.actualPort());
        List<Route> routes = List.of(Route.builder("orders", "/orders").upstream(api).phantom().build(),
                Route.builder("internal", "/internal").upstream(api).jwt("orders-api").build());
        GatewaySettings settings = TestChain.settings(dir, TestChain.issuer(tokenServer.port()), routes,
                DenyList.empty(), Optional.empty()).withInvalidTokens(RatePolicy.of("invalid-tokens", 3,
                Duration.ofMinutes(1)));
        gateway = await(Gateway.start(vertx, settings, line -> accessLog.add(new JsonObject(line)), null));
        guesser = TestServers.client(vertx, gateway.port());
        toTokenServer = TestServers.client(vertx, tokenServer.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestChain.stop(vertx, List.of(guesser, toTokenServer),
                List.of(gateway::close, upstream::close, tokenServer::close));
    }

    @Test
    void anAddressOverItsBudgetIsRefusedUncheckedAndAnotherAddressIsNot() throws Exception {
        // Three made-up opaque tokens (each charged before its introspection) and one forged JWT: each checked, 401.
        for (int i = 0; i < 3; i++) {
            assertThat(get(guesser, "/orders/1", "made-up-token-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(get(guesser, "/internal/1", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.").statusCode())
                .isEqualTo(401);
        double introspections = introspections();
        String valid = TestChain.partnerToken(toTokenServer);

        // Over budget: even a valid token from this address is refused before it is looked at.
        HttpResponse<Buffer> refused = get(guesser, "/orders/1", valid);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isBetween(1L, 20L);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("rate_limited");
        assertThat(refused.bodyAsString()).doesNotContain(valid);
        assertThat(get(guesser, "/orders/1", "made-up-token-again").statusCode()).isEqualTo(429);
        assertThat(introspections()).as("no token of the refused address reached the token server")
                .isEqualTo(introspections);
        assertThat(upstreamHits).hasValue(0);
        assertThat(accessLog).anySatisfy(line -> assertThat(line.getString("refused")).isEqualTo("invalid tokens"));

        // Another address is not concerned.
        WebClient other = clientFrom("127.0.0.2");
        try {
            assertThat(get(other, "/orders/1", valid).statusCode()).isEqualTo(200);
            assertThat(upstreamHits).hasValue(1);
        } finally {
            other.close();
        }
    }

    @Test
    void guessesSentAtOnceCannotOutrunTheBudget() throws Exception {
        WebClient flood = clientFrom("127.0.0.3");
        try {
            double before = introspections();
            List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(flood.get("/orders/1").putHeader("Authorization", "Bearer guess-" + i).send());
            }
            await(Future.join(answers));
            long refused = answers.stream().filter(answer -> answer.result().statusCode() == 429).count();
            long checked = answers.stream().filter(answer -> answer.result().statusCode() == 401).count();
            assertThat(checked + refused).isEqualTo(20);
            assertThat(checked).as("no more checks than the budget of 3").isLessThanOrEqualTo(3);
            assertThat(introspections() - before).isLessThanOrEqualTo(3);
        } finally {
            flood.close();
        }
    }

    private static WebClient clientFrom(String localAddress) {
        return WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(gateway.port()).setLocalAddress(localAddress)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
    }

    private static HttpResponse<Buffer> get(WebClient client, String path, String token) throws Exception {
        return await(client.get(path).putHeader("Authorization", "Bearer " + token).send());
    }

    private static double introspections() {
        Matcher matcher = Pattern.compile("^apisec_gateway_introspections_total\\{[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(gateway.scrape());
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

}
