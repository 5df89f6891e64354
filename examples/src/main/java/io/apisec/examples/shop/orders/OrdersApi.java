package io.apisec.examples.shop.orders;

import io.apisec.examples.shop.ApiHandlers;
import io.apisec.examples.shop.OrderLine;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.apisec.examples.shop.ApiHandlers.withToken;

/**
 * The Orders API of the demo shop: {@code GET /orders}, {@code GET /orders/{id}}, {@code POST /orders}, and
 * {@code GET /whoami} (the verified token's claims, for the demo). The
 * handlers only fetch and answer; every decision is {@link OrdersPolicy}'s, made from the verified JWT. Placing an
 * order reserves stock at the Inventory API through {@link InventoryClient} first.
 */
public final class OrdersApi {

    /** The audience of this API's tokens, the realm of its challenges, and its client id for token exchange. */
    public static final String AUDIENCE = "orders-api";
    private static final Logger LOG = LoggerFactory.getLogger(OrdersApi.class);

    private final JwtAuthHandler auth;
    private final OrdersPolicy policy = new OrdersPolicy();
    private final OrderStore store;
    private final InventoryClient inventory;

    private OrdersApi(JwtAuthHandler auth, OrderStore store, InventoryClient inventory) {
        this.auth = auth;
        this.store = store;
        this.inventory = inventory;
    }

    /** @param validator accepts this API's audience only */
    public static Router router(Vertx vertx, JwtValidator validator, OrderStore store, InventoryClient inventory) {
        JwtAuthHandler auth = JwtAuthHandler.create(validator, AUDIENCE);
        OrdersApi api = new OrdersApi(auth, store, inventory);
        Router router = Router.router(vertx);
        router.route().handler(auth);
        router.get("/whoami").handler(withToken(auth, OrdersApi::whoami));
        router.get("/orders").handler(withToken(auth, api::list));
        router.get("/orders/:id").handler(withToken(auth, api::read));
        router.post("/orders").handler(BodyHandler.create(false).setBodyLimit(1_024)).handler(withToken(auth, api::place));
        ApiHandlers.answerFailures(router);
        return router;
    }

    /**
     * What this API knows of its caller: the JWT it verified, never the token the client sent the gateway (which
     * this API never sees). For the demo; it decides nothing.
     */
    private static void whoami(RoutingContext context, AccessToken token) {
        JsonObject claims = new JsonObject().put("iss", token.issuer()).put("aud", new JsonArray(token.audiences()))
                .put("scope", String.join(" ", token.scopes())).put("exp", token.expiresAt().getEpochSecond());
        token.subject().ifPresent(subject -> claims.put("sub", subject));
        token.clientId().ifPresent(client -> claims.put("client_id", client));
        for (String name : new String[] {"customer_id", "subscription", "role"}) {
            token.stringClaim(name).ifPresent(value -> claims.put(name, value));
        }
        ApiHandlers.json(context, 200, new JsonObject().put("token", "a JWT, signature verified with the token "
                + "server's key " + token.keyId().orElse("(no kid)")).put("claims", claims));
    }

    private void list(RoutingContext context, AccessToken token) throws TokenRejectedException {
        JsonArray orders = new JsonArray();
        store.list(policy.requireList(token)).forEach(order -> orders.add(policy.view(token, order)));
        ApiHandlers.json(context, 200, orders);
    }

    private void read(RoutingContext context, AccessToken token) throws TokenRejectedException {
        policy.requireReader(token);
        Order order = store.find(context.pathParam("id")).orElse(null);
        if (order == null) {
            ApiHandlers.problem(context, 404, "GET /orders lists the orders you may read.");
            return;
        }
        policy.requireRead(token, order);
        ApiHandlers.json(context, 200, policy.view(token, order));
    }

    private void place(RoutingContext context, AccessToken token) throws TokenRejectedException {
        String customer = policy.requireCreate(token);
        OrderLine line = OrderLine.read(context).orElse(null);
        if (line == null) {
            return; // answered 400
        }
        if (store.unitPrice(line.sku()).isEmpty()) {
            ApiHandlers.problem(context, 404, "Order one of the SKUs the shop sells.");
            return;
        }
        if (!store.hasRoom()) { // before any stock is reserved for an order that could not be kept
            unavailable(context, "the order book is full");
            return;
        }
        inventory.reserve(JwtAuthHandler.presentedToken(context), line).onSuccess(outcome -> {
            switch (outcome) {
                case InventoryClient.Outcome.Reserved reserved -> store.add(customer, line.sku(), line.quantity())
                        .ifPresentOrElse(order -> {
                            context.response().putHeader("Location", "/orders/" + order.id());
                            ApiHandlers.json(context, 201, policy.view(token, order));
                        }, () -> unavailable(context, "the order book filled up while stock was reserved"));
                case InventoryClient.Outcome.OutOfStock none -> ApiHandlers.problem(context, 409,
                        "Fewer than " + line.quantity() + " units of " + line.sku() + " are left.");
                case InventoryClient.Outcome.TokenInactive inactive -> auth.refuse(context,
                        TokenRejectedException.inactive());
                case InventoryClient.Outcome.Failed failed -> {
                    LOG.warn("Order for {} not placed: {}", customer, failed.reason());
                    if (failed.retryable()) {
                        unavailable(context, failed.reason());
                    } else {
                        ApiHandlers.problem(context, 502, "The order could not be placed; the shop has been told.");
                    }
                }
            }
        });
    }

    private static void unavailable(RoutingContext context, String reason) {
        LOG.warn("Answered 503: {}", reason);
        context.response().putHeader("Retry-After", "5");
        ApiHandlers.problem(context, 503, "Retry in a few seconds.");
    }
}
