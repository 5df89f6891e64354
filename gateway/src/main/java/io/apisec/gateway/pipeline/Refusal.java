package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The gateway's own answers, sent instead of the upstream's: RFC 6749/6750 JSON ({@code error},
 * {@code error_description}), {@code Cache-Control: no-store}, and the reason kept on the context for the
 * access log. The request never reaches the upstream.
 */
final class Refusal {

    static final String REASON = "apisec.refusal";

    private Refusal() {
    }

    static Future<ProxyResponse> send(ProxyContext context, int status, String error, String description,
                                      String reason) {
        context.set(REASON, reason);
        RequestRecord record = ObserveStep.record(context);
        if (record != null) {
            record.refusal = reason;
        }
        // The body the client may still be sending is read and dropped, so the connection stays usable.
        context.request().release();
        ProxyResponse response = context.request().response().setStatusCode(status)
                .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
        response.headers().remove("Content-Length");
        return Future.succeededFuture(response.setBody(Body.body(Buffer.buffer(new JsonObject()
                .put("error", error).put("error_description", description).encode()), MediaType.APPLICATION_JSON)));
    }

    /** 401/400/403 with {@code WWW-Authenticate: Bearer} (RFC 6750 §3): the challenge says what to do next. */
    static Future<ProxyResponse> bearer(ProxyContext context, int status, String error, String description,
                                        String reason, String scope) {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"apisec\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"").append(description)
                    .append('"');
        }
        if (scope != null) {
            challenge.append(", scope=\"").append(scope).append('"');
        }
        // Without credentials the challenge carries no error (RFC 6750 §3.1); the body still says what to do.
        Future<ProxyResponse> answer = error == null
                ? send(context, status, "unauthorized", "This route needs an access token: send it as"
                + " 'Authorization: Bearer <token>'.", reason)
                : send(context, status, error, description, reason);
        answer.result().putHeader("WWW-Authenticate", challenge.toString());
        return answer;
    }
}
