package io.apisec.tokenserver.events;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One security event: what happened, when, and details that never include a token or a secret (a token is
 * named by a SHA-256 prefix). Detail values are capped, since some (a refused client id) come from callers.
 */
public record SecurityEvent(SecurityEventType type, Instant at, Map<String, String> details) {

    static final int MAX_DETAIL_CHARS = 128;
    static final int MAX_DETAILS = 16;

    public SecurityEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (details.size() > MAX_DETAILS) {
            throw new IllegalArgumentException("at most " + MAX_DETAILS + " details");
        }
        Map<String, String> capped = new LinkedHashMap<>();
        details.forEach((name, value) -> capped.put(name, value == null ? ""
                : value.length() <= MAX_DETAIL_CHARS ? value : value.substring(0, MAX_DETAIL_CHARS) + "..."));
        details = java.util.Collections.unmodifiableMap(capped);
    }

    /** The details as a JSON object (properly escaped: a detail cannot forge another field). */
    public String detailsJson() {
        return new JsonObject(new LinkedHashMap<>(details)).encode();
    }

    /** The whole event as one JSON line, as the {@code apisec.events} logger writes it. */
    public String toJson() {
        JsonObject json = new JsonObject().put("event", type.value()).put("at", at.toString());
        details.forEach(json::put);
        return json.encode();
    }
}
