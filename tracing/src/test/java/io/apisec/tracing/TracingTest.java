package io.apisec.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingTest {

    @Test
    void tracingIsOffUnlessAnOtelVariableAsksForAnExporterOrACollector() {
        assertThat(Tracing.requested(Map.of())).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_SERVICE_NAME", "x"))).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
        assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(Tracing.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))).isTrue();
        assertThat(Tracing.requested(Map.of("OTEL_TRACES_EXPORTER", "console", "OTEL_SDK_DISABLED", "true"))).isFalse();
    }

    @Test
    void theSdkApisecConfiguresRedactsQueriesAndPropagatesOnlyTraceContext() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        OpenTelemetrySdk sdk = Tracing.sdk("apisec-test", Map.of())
                .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none"))
                .addTracerProviderCustomizer((tracers, config) -> tracers.addSpanProcessor(SimpleSpanProcessor.create(exported)))
                .disableShutdownHook().build().getOpenTelemetrySdk();
        try {
            sdk.getTracer("test").spanBuilder("GET").setAttribute("url.full", "https://a/b?access_token=s3cret")
                    .startSpan().end();
            assertThat(exported.getFinishedSpanItems().getFirst().getAttributes()
                    .get(AttributeKey.stringKey("url.full"))).isEqualTo("https://a/b?(redacted)");
            assertThat(exported.getFinishedSpanItems().getFirst().getResource().getAttribute(
                    AttributeKey.stringKey("service.name"))).isEqualTo("apisec-test");
            assertThat(sdk.getPropagators().getTextMapPropagator().fields()).containsExactly("traceparent", "tracestate");
        } finally {
            sdk.close();
        }
    }

    @Test
    void closingVertxFlushesTheSpansStillWaitingForExport() throws Exception {
        List<String> exported = new CopyOnWriteArrayList<>();
        SpanExporter keeping = new SpanExporter() { // unlike the in-memory exporter, keeps its spans at shutdown
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                spans.forEach(span -> exported.add(span.getName()));
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(BatchSpanProcessor.builder(keeping).setScheduleDelay(Duration.ofHours(1)).build())
                .build()).build();
        Vertx vertx = Tracing.closingWithVertx(Vertx.builder(), new VertxOptions(), sdk);
        sdk.getTracer("test").spanBuilder("last request").startSpan().end();
        assertThat(exported).as("waiting in the batch").isEmpty();

        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(exported).containsExactly("last request");
    }

    @Test
    void variablesTheSdkCannotUseStopTheStartWithThemNamed() {
        assertThatThrownBy(() -> Tracing.vertx(new VertxOptions(), "apisec-test",
                Map.of("OTEL_TRACES_EXPORTER", "no-such-exporter")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("OTEL_* variables cannot be used");
    }

    @Test
    void onlyAWellFormedTraceparentGivesATraceId() {
        assertThat(Tracing.traceIdOf("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
        for (String bad : new String[] {"00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f35-00f067aa0ba902b7-01", "\"}{",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"}) {
            assertThat(Tracing.traceIdOf(bad)).as(bad).isEmpty();
        }
        assertThat(Tracing.traceIdOf(null)).isEmpty();
        assertThat(Tracing.traceId(null)).as("no span, no header").isEmpty();
    }
}
