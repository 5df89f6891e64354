package io.apisec.tokenserver.admin;

import io.apisec.tokenserver.events.EventStore;
import io.apisec.tokenserver.events.SecurityEvent;
import io.apisec.tokenserver.events.SecurityEventType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;

/** {@code GET /admin/events?type=...&limit=...}: the stored security events, newest first. */
final class EventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventStore store;

    EventsResource(EventStore store) {
        this.store = store;
    }

    void mount(Router router) {
        router.get("/admin/events").handler(ctx -> AdminCall.run(ctx, this::list));
    }

    private AdminCall.Answer list(RoutingContext context) throws AdminException {
        List<String> types = context.queryParam("type");
        List<String> limits = context.queryParam("limit");
        if (types.size() > 1 || limits.size() > 1) {
            throw AdminException.badRequest("Give type and limit at most once each");
        }
        Optional<SecurityEventType> type = Optional.empty();
        if (!types.isEmpty()) {
            try {
                type = Optional.of(SecurityEventType.fromValue(types.get(0)));
            } catch (IllegalArgumentException e) {
                throw AdminException.badRequest("Unknown event type; use one of " + knownTypes());
            }
        }
        int limit = limits.isEmpty() ? DEFAULT_LIMIT : parseLimit(limits.get(0));
        JsonArray list = new JsonArray();
        for (SecurityEvent event : store.recent(type, limit)) {
            JsonObject json = new JsonObject().put("event", event.type().value()).put("at", event.at().toString());
            event.details().forEach(json::put);
            list.add(json);
        }
        return AdminCall.Answer.ok(new JsonObject().put("events", list));
    }

    private static int parseLimit(String value) throws AdminException {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw AdminException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static String knownTypes() {
        StringBuilder known = new StringBuilder();
        for (SecurityEventType type : SecurityEventType.values()) {
            known.append(known.isEmpty() ? "" : ", ").append(type.value());
        }
        return known.toString();
    }
}
