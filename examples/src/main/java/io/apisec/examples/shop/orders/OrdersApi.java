package io.apisec.examples.shop.orders;

import io.apisec.examples.shop.ApiHandlers;
import io.apisec.examples.shop.OrderLine;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import static io.apisec.examples.shop.ApiHandlers.withToken;

/**
 * The Orders API of the demo shop: {@code GET /orders}, {@code GET /orders/{id}}, {@code POST /orders}. The
 * handlers only fetch and answer; every decision is {@link OrdersPolicy}'s, made from the verified JWT. Placing an
 * order reserves stock at the Inventory API through {@link InventoryClient} first.
 */
public final class OrdersApi {

    /** The audience of this API's tokens, the realm of its challenges, and its client id for token exchange. */
    public static final String AUDIENCE = "orders-api";

    private OrdersApi() {
    }

    /** @param validator accepts this API's audience only */
    public static Router router(Vertx vertx, JwtValidator validator, OrderStore store, InventoryClient inventory) {
        JwtAuthHandler auth = JwtAuthHandler.create(validator, AUDIENCE);
        OrdersPolicy policy = new OrdersPolicy();
        Router router = Router.router(vertx);
        router.route().handler(auth);
        router.get("/orders").handler(withToken(auth, (context, token) -> {
            JsonArray orders = new JsonArray();
            store.list(policy.requireList(token)).forEach(order -> orders.add(policy.view(token, order)));
            ApiHandlers.json(context, 200, orders);
        }));
        router.get("/orders/:id").handler(withToken(auth, (context, token) -> {
            policy.requireRead(token);
            Order order = store.find(context.pathParam("id")).orElse(null);
            if (order == null) {
                ApiHandlers.problem(context, 404, "No such order", "GET /orders lists the orders you may read.");
                return;
            }
            policy.requireRead(token, order);
            ApiHandlers.json(context, 200, policy.view(token, order));
        }));
        router.post("/orders").handler(BodyHandler.create(false).setBodyLimit(1_024))
                .handler(withToken(auth, (context, token) -> {
                    String customer = policy.requireCreate(token);
                    OrderLine.read(context).ifPresent(line -> place(context, token, customer, line, store, inventory,
                            policy));
                }));
        return router;
    }

    private static void place(RoutingContext context, AccessToken token, String customer, OrderLine line,
                              OrderStore store, InventoryClient inventory, OrdersPolicy policy) {
        if (store.unitPrice(line.sku()).isEmpty()) {
            ApiHandlers.problem(context, 404, "Unknown SKU", "Order one of the SKUs the shop sells.");
            return;
        }
        inventory.reserve(JwtAuthHandler.presentedToken(context), line).onComplete(reserved -> {
            InventoryClient.Outcome outcome = reserved.succeeded() ? reserved.result()
                    : new InventoryClient.Outcome.Unavailable("failed");
            switch (outcome) {
                case InventoryClient.Outcome.Reserved ok -> store.add(customer, line.sku(), line.quantity())
                        .ifPresentOrElse(order -> {
                            context.response().putHeader("Location", "/orders/" + order.id());
                            ApiHandlers.json(context, 201, policy.view(token, order));
                        }, () -> ApiHandlers.problem(context, 409, "Order book full", "Try again later."));
                case InventoryClient.Outcome.OutOfStock none -> ApiHandlers.problem(context, 409, "Out of stock",
                        "Fewer than " + line.quantity() + " units of " + line.sku() + " are left.");
                case InventoryClient.Outcome.ExchangeRefused refused -> ApiHandlers.problem(context, 403,
                        "Stock cannot be reserved for you", "The token server refused to let the Orders API act "
                                + "for you (" + refused.error() + "): get a new token with orders:write and "
                                + "inventory:reserve.");
                case InventoryClient.Outcome.Unavailable down -> {
                    context.response().putHeader("Retry-After", "5");
                    ApiHandlers.problem(context, 503, "Inventory unavailable", "Retry in a few seconds.");
                }
            }
        });
    }
}
