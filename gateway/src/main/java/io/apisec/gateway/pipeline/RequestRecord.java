package io.apisec.gateway.pipeline;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * What one request did, filled in by the steps it passed and written as one JSON access-log line when its
 * response ends. Holds no token: a presented token appears as the first 8 hex digits of its SHA-256,
 * as in the token server's logs.
 */
final class RequestRecord {

    final Instant time;
    final long startNanos;
    final String requestId;
    final String method;
    final String source;
    String path;
    String route;
    String clientId;
    String subject;
    String tokenHash;
    String refusal;

    RequestRecord(Instant time, long startNanos, String requestId, String method, String source) {
        this.time = time;
        this.startNanos = startNanos;
        this.requestId = requestId;
        this.method = method;
        this.source = source;
    }

    JsonObject toJson(int status, long endNanos) {
        JsonObject line = new JsonObject().put("time", time.toString()).put("request_id", requestId)
                .put("method", method).put("path", path).put("route", route).put("status", status)
                .put("latency_ms", (endNanos - startNanos) / 1_000_000.0).put("source", source);
        putIfSet(line, "client_id", clientId);
        putIfSet(line, "subject", subject);
        putIfSet(line, "token", tokenHash);
        putIfSet(line, "refused", refusal);
        return line;
    }

    private static void putIfSet(JsonObject line, String name, String value) {
        if (value != null) {
            line.put(name, value);
        }
    }
}
