package io.apisec.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryRedactionTest {

    @Test
    void everyUrlASpanRecordsLosesItsQueryBeforeAnExporterSeesIt() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (SdkTracerProvider tracers = SdkTracerProvider.builder().addSpanProcessor(new QueryRedaction())
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()) {
            tracers.get("test").spanBuilder("GET")
                    .setAttribute("url.full", "https://api.example/orders?access_token=s3cret&x=1")
                    .setAttribute("http.url", "https://api.example/a?b")
                    .setAttribute("http.target", "/a?access_token=s3cret")
                    .setAttribute("url.query", "access_token=s3cret")
                    .setAttribute("url.path", "/orders").startSpan().end();
            assertRedacted(exported.getFinishedSpanItems().getFirst()); // the exporter forgets its spans at shutdown
        }
    }

    private static void assertRedacted(SpanData span) {
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.full")))
                .isEqualTo("https://api.example/orders?(redacted)");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.url"))).isEqualTo("https://api.example/a?(redacted)");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("http.target"))).isEqualTo("/a?(redacted)");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("(redacted)");
        assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/orders");
        assertThat(span.toString()).doesNotContain("s3cret");
    }
}
