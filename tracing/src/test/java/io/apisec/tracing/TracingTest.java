package io.apisec.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

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
