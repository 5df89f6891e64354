package io.apisec.gateway.pipeline;

import io.apisec.gateway.metrics.GatewayMetrics;
import io.apisec.tracing.Tracing;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Step 0 and 9: opens the request's record before any other step and, when the response ends, whichever step
 * answered, writes it as one JSON line and counts it in the metrics; the request id is the gateway's own and
 * is returned to the client, with HSTS.
 */
public final class ObserveStep implements ProxyInterceptor {

    static final String RECORD = "apisec.record";

    private final Consumer<String> accessLog;
    private final GatewayMetrics metrics;
    private final Clock clock;

    /** @param accessLog takes each request's access-log line, one JSON object */
    public ObserveStep(Consumer<String> accessLog, GatewayMetrics metrics, Clock clock) {
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest request = context.request().proxiedRequest();
        RequestRecord record = new RequestRecord(clock.instant(), System.nanoTime(), requestId(),
                request.method().name(), request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        record.traceId = Tracing.traceId(request.getHeader("traceparent")).orElse(null);
        context.set(RECORD, record);
        // HSTS on every answer, the gateway's own and the upstream's: clients never fall back to plain HTTP.
        request.response().putHeader("X-Request-Id", record.requestId)
                .putHeader("Strict-Transport-Security", "max-age=31536000");
        request.response().endHandler(done -> {
            long end = System.nanoTime();
            int status = request.response().getStatusCode();
            metrics.requestEnded(record.route, status, end - record.startNanos, record.refusal);
            accessLog.accept(record.toJson(status, end));
        });
        return context.sendRequest();
    }

    /**
     * A request id: 128 random bits, in the UUID form. For correlation, not a secret, so from a fast generator
     * rather than {@code UUID.randomUUID()}'s SecureRandom, which every event loop would contend for.
     */
    static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** The record of the request in {@code context}; every request has one once this step ran. */
    static RequestRecord record(ProxyContext context) {
        return context.get(RECORD, RequestRecord.class);
    }
}
