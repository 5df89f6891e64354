package io.apisec.examples.shop.inventory;

import io.apisec.examples.shop.ApiHandlers;
import io.apisec.examples.shop.OrderLine;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import static io.apisec.examples.shop.ApiHandlers.withToken;

/**
 * An internal Inventory API: {@code GET /stock/{sku}} ({@code inventory:read}) and {@code POST /reservations}
 * (a token the Orders API obtained by token exchange for a customer, see {@link InventoryPolicy}). Every route
 * verifies the JWT first, with this API's audience: a request that went around the gateway, a token for another
 * API, a forged or an opaque token are refused here (practice 6).
 */
public final class InventoryApi {

    /** The audience of this API's tokens, and the realm of its challenges. */
    public static final String AUDIENCE = "inventory-api";

    private InventoryApi() {
    }

    /** @param validator accepts this API's audience only */
    public static Router router(Vertx vertx, JwtValidator validator, Stock stock) {
        JwtAuthHandler auth = JwtAuthHandler.create(validator, AUDIENCE);
        InventoryPolicy policy = new InventoryPolicy();
        Router router = Router.router(vertx);
        router.route().handler(auth);
        router.get("/stock/:sku").handler(withToken(auth, (context, token) -> {
            policy.requireRead(token);
            String sku = context.pathParam("sku");
            stock.units(OrderLine.isSku(sku) ? sku : "").ifPresentOrElse(
                    units -> ApiHandlers.json(context, 200, new JsonObject().put("sku", sku).put("units", units)),
                    () -> ApiHandlers.problem(context, 404, "GET /stock/{sku} with a SKU the shop sells."));
        }));
        router.post("/reservations").handler(BodyHandler.create(false).setBodyLimit(1_024))
                .handler(withToken(auth, (context, token) -> {
                    String customer = policy.requireReserve(token);
                    OrderLine.read(context).ifPresent(line -> {
                        switch (stock.reserve(line.sku(), line.quantity())) {
                            case RESERVED -> ApiHandlers.json(context, 201, new JsonObject().put("sku", line.sku())
                                    .put("quantity", line.quantity()).put("customer_id", customer));
                            case OUT_OF_STOCK -> ApiHandlers.problem(context, 409,
                                    "Fewer than " + line.quantity() + " units of " + line.sku() + " are left.");
                            case UNKNOWN_SKU -> ApiHandlers.problem(context, 404, "Reserve a SKU the shop sells.");
                        }
                    });
                }));
        ApiHandlers.answerFailures(router);
        return router;
    }
}
