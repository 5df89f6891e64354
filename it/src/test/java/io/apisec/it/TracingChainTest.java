package io.apisec.it;

import io.apisec.tracing.QueryRedaction;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One request followed across every component: the client's W3C {@code traceparent} reaches the gateway, its
 * introspection at the token server, the Orders API, and the API's token exchange and its call to Inventory, each
 * with OpenTelemetry spans of the same trace; the gateway's access log line and the token server's security
 * events carry the trace id.
 */
class TracingChainTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();

    @TempDir
    static Path dir;
    static Chain chain;
    static OpenTelemetrySdk openTelemetry;

    @BeforeAll
    static void start() throws Exception {
        openTelemetry = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(new QueryRedaction())
                        .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        chain = Chain.start(dir, Chain.Mode.EMBEDDED, openTelemetry);
    }

    @AfterAll
    static void stop() throws Exception {
        if (chain != null) {
            chain.close();
        }
        openTelemetry.close();
    }

    @Test
    void oneTraceFollowsARequestThroughTheGatewayTheTokenServerAndBothApis() throws Exception {
        String opaque = chain.token("alice-shop", "orders:read orders:write inventory:reserve");
        SPANS.reset();

        HttpResponse<Buffer> answer = await(chain.client.postAbs(chain.gateway("/orders")).bearerTokenAuthentication(opaque)
                .putHeader("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .sendJsonObject(new JsonObject().put("sku", "milk-jug").put("quantity", 1)));
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);

        List<SpanData> trace = waitForSpans(9);
        // No span of the request broke off into a trace of its own (the APIs' background key fetches do: not these).
        assertThat(SPANS.getFinishedSpanItems()).filteredOn(span -> span.getAttributes().toString()
                        .matches(".*/(orders|oauth/introspect|oauth/token|reservations)[,}].*"))
                .as("every span of the request is in the client's trace").hasSizeGreaterThanOrEqualTo(9)
                .allSatisfy(span -> assertThat(span.getTraceId()).isEqualTo(TRACE));
        List<String> servers = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER)
                .map(span -> span.getName() + " " + span.getAttributes().asMap().toString()).toList();
        // The gateway, the token server twice (introspection, exchange), the Orders API and Inventory.
        assertThat(trace.stream().filter(span -> span.getKind() == SpanKind.SERVER)).as(servers.toString()).hasSize(5);
        assertThat(trace.stream().filter(span -> span.getKind() == SpanKind.CLIENT)).as("the gateway's introspection"
                + " and forward, the API's exchange and its call to Inventory").hasSize(4);
        assertThat(chain.accessLog).anyMatch(line -> line.contains("\"trace_id\":\"" + TRACE + "\""));
        // The token server's security events of the request (the exchange's issued token) carry it too.
        String admin = chain.token("admin", "apisec:admin");
        String events = "";
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!events.contains(TRACE) && System.nanoTime() < deadline) {
            events = await(chain.client.getAbs("https://localhost:" + chain.tokenServer.adminPort()
                    + "/admin/events?limit=100").bearerTokenAuthentication(admin).send()).bodyAsString();
            Thread.sleep(50);
        }
        assertThat(events).contains("\"trace_id\":\"" + TRACE + "\"");
    }

    @Test
    void aTokenInTheQueryIsRefusedAndNeverReachesATrace() throws Exception {
        String opaque = chain.token("alice-shop", "orders:read");
        SPANS.reset();

        HttpResponse<Buffer> answer = await(chain.client.getAbs(chain.gateway("/orders/o-1001?access_token=" + opaque))
                .putHeader("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01").send());

        assertThat(answer.statusCode()).isEqualTo(400);
        List<SpanData> trace = waitForSpans(1);
        assertThat(trace).isNotEmpty();
        assertThat(trace.toString()).doesNotContain(opaque).contains("?(redacted)");
    }

    /** The spans of the client's trace, once {@code count} have ended (a server span ends after its answer). */
    private static List<SpanData> waitForSpans(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<SpanData> trace = inTrace();
        while (trace.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            trace = inTrace();
        }
        return trace;
    }

    private static List<SpanData> inTrace() {
        return SPANS.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(TRACE)).toList();
    }

    @Test
    void withoutACallersTraceTheGatewayStartsOneAndLogsItsId() throws Exception {
        String opaque = chain.token("alice-shop", "orders:read");
        SPANS.reset();

        assertThat(chain.get(chain.gateway("/orders/o-1001"), opaque).statusCode()).isEqualTo(200);

        String gatewayTrace = null;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (gatewayTrace == null && System.nanoTime() < deadline) {
            gatewayTrace = SPANS.getFinishedSpanItems().stream().filter(span -> span.getKind() == SpanKind.SERVER
                    && span.getAttributes().toString().contains("https://localhost:" + chain.gateway.port() + "/"))
                    .map(SpanData::getTraceId).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertThat(gatewayTrace).as("the gateway's server span").isNotNull().isNotEqualTo(TRACE);
        String logged = "\"trace_id\":\"" + gatewayTrace + "\"";
        assertThat(chain.accessLog).anyMatch(line -> line.contains(logged));
    }
}
