package io.apisec.tokenserver.metrics;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;

/** {@code GET /metrics}: the Prometheus scrape. Mount it behind the admin authentication. */
public final class MetricsEndpoint implements Handler<RoutingContext> {

    private final TokenServerMetrics metrics;

    public MetricsEndpoint(TokenServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void handle(RoutingContext context) {
        context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, metrics.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(metrics.scrape());
    }
}
