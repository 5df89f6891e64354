package io.apisec.tokenserver.health;

import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.storage.Database;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the database is reachable and a
 * signing key is loaded, so tokens can be issued; 503 with the failing checks otherwise.
 */
public final class HealthEndpoints {

    private final Database database;
    private final KeyManager keys;

    public HealthEndpoints(Database database, KeyManager keys) {
        this.database = database;
        this.keys = keys;
    }

    public void mount(Router router) {
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
    }

    private void ready(RoutingContext ctx) {
        ctx.vertx().executeBlocking(database::isReachable, false).onComplete(result -> {
            boolean databaseUp = result.succeeded() && result.result();
            boolean keysUp = keys.isReady();
            JsonObject checks = new JsonObject().put("database", databaseUp ? "UP" : "DOWN")
                    .put("signing-keys", keysUp ? "UP" : "DOWN");
            boolean up = databaseUp && keysUp;
            json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }
}
