package io.apisec.tokenserver.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Lets a listener bind before the server is ready (the TLS context is built while the database opens):
 * until {@link #connect} it answers {@code /health/live} with 200 and everything else with 503 and
 * {@code Retry-After: 1}; then every request goes to the real handler.
 */
public final class Switchboard implements Handler<HttpServerRequest> {

    private volatile Handler<HttpServerRequest> target = Switchboard::starting;

    public void connect(Handler<HttpServerRequest> handler) {
        this.target = handler;
    }

    @Override
    public void handle(HttpServerRequest request) {
        target.handle(request);
    }

    private static void starting(HttpServerRequest request) {
        if ("/health/live".equals(request.path())) {
            request.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(new JsonObject().put("status", "UP").encode());
            return;
        }
        ProblemWriter.write(request.response().putHeader("Retry-After", "1"), 503, "Service Unavailable",
                "The token server is starting; retry in a moment.");
    }
}
