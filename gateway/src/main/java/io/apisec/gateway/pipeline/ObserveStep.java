package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Step 0 and 9: opens the request's record before any other step and writes it, one JSON line, when the
 * response ends, whichever step answered; the request id is the gateway's own and is returned to the client,
 * with HSTS.
 */
public final class ObserveStep implements ProxyInterceptor {

    static final String RECORD = "apisec.record";

    private final Consumer<JsonObject> accessLog;
    private final Clock clock;

    public ObserveStep(Consumer<JsonObject> accessLog, Clock clock) {
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        HttpServerRequest request = context.request().proxiedRequest();
        RequestRecord record = new RequestRecord(clock.instant(), System.nanoTime(), UUID.randomUUID().toString(),
                request.method().name(), request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        context.set(RECORD, record);
        // HSTS on every answer, the gateway's own and the upstream's: clients never fall back to plain HTTP.
        request.response().putHeader("X-Request-Id", record.requestId)
                .putHeader("Strict-Transport-Security", "max-age=31536000");
        request.response().endHandler(done -> accessLog.accept(record.toJson(request.response().getStatusCode(),
                System.nanoTime())));
        return context.sendRequest();
    }

    /** The record of the request in {@code context}; every request has one once this step ran. */
    static RequestRecord record(ProxyContext context) {
        return context.get(RECORD, RequestRecord.class);
    }
}
