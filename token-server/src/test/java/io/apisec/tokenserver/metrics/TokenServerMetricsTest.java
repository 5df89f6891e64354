package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenServerMetricsTest {

    @Test
    void scrapeWhenFreshThenJvmMetersPresent() {
        try (TokenServerMetrics metrics = new TokenServerMetrics()) {
            assertThat(metrics.scrape())
                    .contains("jvm_memory_used_bytes{")
                    .contains("jvm_gc_")
                    .contains("jvm_threads_live_threads ")
                    .contains("jvm_classes_loaded_classes ")
                    .contains("system_cpu_count ")
                    .contains("process_uptime_seconds ");
        }
    }

    @Test
    void contentTypeIsThePrometheusTextFormat() {
        try (TokenServerMetrics metrics = new TokenServerMetrics()) {
            assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        }
    }

    @Test
    void droppedEventsWhenTheSupplierMovesThenTheCounterFollows() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong dropped = new AtomicLong();
        AtomicLong suppressed = new AtomicLong();
        new EventQueueMetrics(dropped::get, suppressed::get).bindTo(registry);

        dropped.addAndGet(7);
        suppressed.addAndGet(2);

        assertThat(registry.get("apisec.security.events.dropped").functionCounter().count()).isEqualTo(7);
        assertThat(registry.get("apisec.security.events.suppressed").functionCounter().count()).isEqualTo(2);
    }

    @Test
    void droppedEventsAreScrapedAsACounter() {
        try (TokenServerMetrics metrics = new TokenServerMetrics()) {
            new EventQueueMetrics(() -> 3, () -> 0).bindTo(metrics.registry());
            System.gc();

            assertThat(metrics.scrape()).contains("# TYPE apisec_security_events_dropped_total counter")
                    .contains("apisec_security_events_dropped_total 3.0");
        }
    }
}
