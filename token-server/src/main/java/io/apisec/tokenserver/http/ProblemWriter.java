package io.apisec.tokenserver.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Non-OAuth errors as RFC 9457 problems: a status, a title, a detail that says what to do; never a stack trace. */
public final class ProblemWriter {

    private ProblemWriter() {
    }

    public static void write(RoutingContext context, int status, String title, String detail) {
        write(context.response(), status, title, detail);
    }

    /** The same, where there is no router yet (a listener still starting). */
    public static void write(HttpServerResponse response, int status, String title, String detail) {
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                        .put("detail", detail).encode());
    }
}
