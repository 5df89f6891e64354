package io.apisec.tokenserver.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Times every request, from routing to the end of the response, as {@code apisec_http_server_requests_seconds}
 * tagged with the {@link Endpoint} and the numeric status, with a histogram for latency SLOs. Install it
 * as the first handler of a router: {@code router.route().handler(new RequestMetricsHandler(registry))}.
 */
public final class RequestMetricsHandler implements Handler<RoutingContext> {

    static final String NAME = "apisec.http.server.requests";
    private static final Duration[] SLOS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Function<String, Endpoint> endpoints;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private record Key(Endpoint endpoint, String status) {
    }

    /** Tags each request with the endpoint its path belongs to. */
    public RequestMetricsHandler(MeterRegistry registry) {
        this(registry, "");
    }

    /** Tags each request with the endpoint its path belongs to, the OAuth endpoints being under {@code issuerPath}. */
    public RequestMetricsHandler(MeterRegistry registry, String issuerPath) {
        this(registry, path -> Endpoint.of(path, issuerPath));
        Objects.requireNonNull(issuerPath, "issuerPath");
    }

    /** Tags every request with {@code endpoint}: for a listener that serves one kind of endpoint (admin). */
    public RequestMetricsHandler(MeterRegistry registry, Endpoint endpoint) {
        this(registry, path -> endpoint);
        Objects.requireNonNull(endpoint, "endpoint");
    }

    private RequestMetricsHandler(MeterRegistry registry, Function<String, Endpoint> endpoints) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.endpoints = endpoints;
    }

    @Override
    public void handle(RoutingContext context) {
        Timer.Sample sample = Timer.start(registry);
        Endpoint endpoint = endpoints.apply(context.normalizedPath());
        context.addEndHandler(done -> {
            // A connection closed before the response ended has no status to report.
            if (done.succeeded()) {
                sample.stop(timer(endpoint, context.response().getStatusCode()));
            }
        });
        context.next();
    }

    private Timer timer(Endpoint endpoint, int status) {
        String code = status >= 100 && status <= 599 ? Integer.toString(status) : "other";
        return timers.computeIfAbsent(new Key(endpoint, code), key -> Timer.builder(NAME)
                .description("Requests by endpoint and status, from routing to the end of the response")
                .tag("endpoint", key.endpoint().tag())
                .tag("status", key.status())
                .serviceLevelObjectives(SLOS)
                .minimumExpectedValue(SLOS[0])
                .maximumExpectedValue(SLOS[SLOS.length - 1])
                .register(registry));
    }
}
