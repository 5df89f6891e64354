package io.apisec.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's Prometheus meters: requests by route and status class with a latency histogram, refusals by
 * reason (rate limited and blocked among them), and the JVM's own meters; {@link CountingIntrospector} adds
 * phantom-token lookups and the introspections they caused (the cache's hit ratio is
 * {@code 1 - introspections / lookups}). Every tag value comes
 * from the configuration or the code, never from a request, so the number of series stays bounded.
 */
public final class GatewayMetrics implements AutoCloseable {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String NO_ROUTE = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** One request answered, by the upstream or by a refusal ({@code refusal} null when it passed). */
    public void requestEnded(String route, int status, long nanos, String refusal) {
        String routeTag = route == null ? NO_ROUTE : route;
        String statusClass = status / 100 + "xx";
        requests.computeIfAbsent(routeTag + ' ' + statusClass, key -> Timer.builder("apisec.gateway.requests")
                        .description("Requests answered, by route and status class")
                        .tag("route", routeTag).tag("status", statusClass)
                        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(30)).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (refusal != null) {
            // The refusal's kind, before any detail: "introspection: unreachable" counts as "introspection".
            int colon = refusal.indexOf(':');
            String reason = colon < 0 ? refusal : refusal.substring(0, colon);
            refusals.computeIfAbsent(routeTag + ' ' + reason, key -> Counter.builder("apisec.gateway.refusals")
                    .description("Requests the gateway answered itself, by reason")
                    .tag("route", routeTag).tag("reason", reason).register(registry)).increment();
        }
    }

    /** Where other meters register (introspection counts, the rate-limit store's failures). */
    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
