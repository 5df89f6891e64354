package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Request timing and the scrape endpoint on a real Vert.x router. */
class RequestMetricsHandlerTest {

    private static Vertx vertx;
    private static WebClient client;
    private final TokenServerMetrics metrics = new TokenServerMetrics();
    private HttpServer server;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stopVertx() throws Exception {
        client.close();
        await(vertx.close());
    }

    @AfterEach
    void stopServer() throws Exception {
        await(server.close());
        metrics.close();
    }

    private void start(RequestMetricsHandler handler) throws Exception {
        Router router = Router.router(vertx);
        router.route().handler(handler);
        router.post("/oauth/token").handler(ctx -> ctx.response().setStatusCode(400).end("{}"));
        router.get("/oauth/jwks").handler(ctx -> ctx.response().end("{\"keys\":[]}"));
        router.get("/metrics").handler(new MetricsEndpoint(metrics));
        router.route().last().handler(ctx -> ctx.response().setStatusCode(404).end());
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    }

    private HttpResponse<Buffer> send(HttpMethod method, String uri) throws Exception {
        return await(client.request(method, server.actualPort(), "127.0.0.1", uri).send());
    }

    private Timer timer(String endpoint, String status) {
        return metrics.registry().get("apisec.http.server.requests").tags("endpoint", endpoint, "status", status).timer();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void requestWhenAnsweredThenTimedUnderItsEndpointAndStatus() throws Exception {
        start(new RequestMetricsHandler(metrics.registry()));

        send(HttpMethod.POST, "/oauth/token");
        send(HttpMethod.POST, "/oauth/token");
        send(HttpMethod.GET, "/oauth/jwks");

        assertThat(timer("token", "400").count()).isEqualTo(2);
        assertThat(timer("jwks", "200").count()).isEqualTo(1);
    }

    @Test
    void unknownPathWhenRequestedThenTaggedOtherAndNeverScraped() throws Exception {
        start(new RequestMetricsHandler(metrics.registry()));

        send(HttpMethod.GET, "/attacker-chosen-path-8f3a2?q=attacker-chosen-query");

        assertThat(timer("other", "404").count()).isEqualTo(1);
        assertThat(metrics.registry().find("apisec.http.server.requests").timers()).hasSize(1);
        assertThat(metrics.scrape()).doesNotContain("attacker-chosen");
    }

    @Test
    void scrapeWhenRequestTimedThenHistogramBucketsIncludeTheSlos() throws Exception {
        start(new RequestMetricsHandler(metrics.registry()));

        send(HttpMethod.GET, "/oauth/jwks");

        assertThat(metrics.scrape())
                .contains("# TYPE apisec_http_server_requests_seconds histogram")
                .contains("apisec_http_server_requests_seconds_bucket{endpoint=\"jwks\",status=\"200\",le=\"0.001\"}")
                .contains("apisec_http_server_requests_seconds_bucket{endpoint=\"jwks\",status=\"200\",le=\"0.25\"}")
                .contains("apisec_http_server_requests_seconds_bucket{endpoint=\"jwks\",status=\"200\",le=\"5.0\"}")
                .contains("apisec_http_server_requests_seconds_bucket{endpoint=\"jwks\",status=\"200\",le=\"+Inf\"} 1")
                .contains("apisec_http_server_requests_seconds_count{endpoint=\"jwks\",status=\"200\"} 1");
    }

    @Test
    void fixedEndpointWhenGivenThenEveryRequestTaggedWithIt() throws Exception {
        start(new RequestMetricsHandler(metrics.registry(), Endpoint.ADMIN));

        send(HttpMethod.GET, "/oauth/jwks");
        send(HttpMethod.GET, "/anything");

        assertThat(timer("admin", "200").count()).isEqualTo(1);
        assertThat(timer("admin", "404").count()).isEqualTo(1);
    }

    @Test
    void metricsEndpointWhenScrapedThenPrometheusTextNotCached() throws Exception {
        start(new RequestMetricsHandler(metrics.registry()));
        send(HttpMethod.POST, "/oauth/token");

        HttpResponse<Buffer> response = send(HttpMethod.GET, "/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(response.bodyAsString())
                .contains("apisec_http_server_requests_seconds_count{endpoint=\"token\",status=\"400\"} 1")
                .contains("jvm_memory_used_bytes");
    }
}
