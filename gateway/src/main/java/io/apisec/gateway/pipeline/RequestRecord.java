package io.apisec.gateway.pipeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What one request did, filled in by the steps it passed and written as one JSON access-log line when its
 * response ends. Holds no token: a presented token appears as the first 8 hex digits of its SHA-256,
 * as in the token server's logs.
 */
final class RequestRecord {

    private static final JsonFactory JSON = new JsonFactory();

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
    /** The W3C trace the request belongs to: the gateway's span, or the caller's {@code traceparent}. */
    String traceId;

    RequestRecord(Instant time, long startNanos, String requestId, String method, String source) {
        this.time = time;
        this.startNanos = startNanos;
        this.requestId = requestId;
        this.method = method;
        this.source = source;
    }

    /** The access-log line: one JSON object, written with Jackson's streaming generator (no object tree). */
    String toJson(int status, long endNanos) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", time.toString());
            json.writeStringField("request_id", requestId);
            json.writeStringField("method", method);
            json.writeStringField("path", path);
            json.writeStringField("route", route);
            json.writeNumberField("status", status);
            json.writeNumberField("latency_ms", (endNanos - startNanos) / 1_000_000.0);
            json.writeStringField("source", source);
            writeIfSet(json, "client_id", clientId);
            writeIfSet(json, "subject", subject);
            writeIfSet(json, "token", tokenHash);
            writeIfSet(json, "refused", refusal);
            writeIfSet(json, "trace_id", traceId);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return line.toString();
    }

    private static void writeIfSet(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
