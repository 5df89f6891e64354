package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The token server's metrics: one Prometheus registry with the JVM's own meters bound. The other meters
 * bind to {@link #registry()}: {@link RequestMetricsHandler}, {@link SecurityEventMetrics},
 * {@link KeyMetrics}, {@link EventQueueMetrics}. Served by {@link MetricsEndpoint}.
 */
public final class TokenServerMetrics implements AutoCloseable {

    /** The Prometheus text format, version 0.0.4: what {@link #scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public TokenServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where the token server's own meters register. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return CONTENT_TYPE;
    }

    /** Stops listening for GC notifications and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
