package io.apisec.examples.orders;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * A small orders API protected by the apisec JWT library: the Vert.x example of the README.
 * Reading an order needs {@code orders:read}; placing one needs {@code orders:write}.
 */
public final class OrdersApi {

    private OrdersApi() {
    }

    public static Router router(Vertx vertx, JwtValidator validator) {
        // tag::vertx[]
        JwtAuthHandler auth = JwtAuthHandler.create(validator, "orders");
        Router router = Router.router(vertx);
        router.route("/orders/*").handler(auth);
        router.get("/orders/:id").handler(auth.requireScopes("orders:read")).handler(ctx -> {
            AccessToken token = JwtAuthHandler.accessToken(ctx);
            ctx.json(new JsonObject().put("order", ctx.pathParam("id")).put("owner", token.subject().orElseThrow()));
        });
        router.post("/orders").handler(auth.requireScopes("orders:write"))
                .handler(ctx -> ctx.response().setStatusCode(201).end());
        // end::vertx[]
        return router;
    }
}
