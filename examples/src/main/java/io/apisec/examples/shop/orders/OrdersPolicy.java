package io.apisec.examples.shop.orders;

import io.apisec.examples.shop.inventory.InventoryPolicy;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.TokenRejectedException;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * Every access decision of the Orders API, in one place and from the verified token only (practice 5): the
 * gateway checked the scopes already, and the API checks them again, trusting no one (practice 6). A customer
 * reads only its own orders (the {@code customer_id} claim against the order's owner); support staff
 * ({@code role=support}) read any; placing an order takes {@code orders:write}, {@code inventory:reserve} (the
 * stock is reserved for the customer) and a customer; the price is shown
 * from the premium subscription up, and to support.
 */
public final class OrdersPolicy {

    public static final String READ = "orders:read";
    public static final String WRITE = "orders:write";
    /** Placing an order reserves stock for the customer: the token must allow that too. */
    public static final String RESERVE = InventoryPolicy.RESERVE;
    static final String CUSTOMER_ID = "customer_id";
    static final String ROLE = "role";
    static final String SUBSCRIPTION = "subscription";

    /**
     * Whether this token may read orders at all: checked before an order is looked up, so that a token that may
     * not read learns nothing of which orders exist.
     *
     * @throws TokenRejectedException 403: without {@code orders:read}, or neither support nor a customer
     */
    public void requireReader(AccessToken token) throws TokenRejectedException {
        requireList(token);
    }

    // tag::claims[]
    /** @throws TokenRejectedException 403: without {@code orders:read}, or another customer's order */
    public void requireRead(AccessToken token, Order order) throws TokenRejectedException {
        token.requireScopes(READ);
        if (!isSupport(token)) {
            token.requireClaim(CUSTOMER_ID, order.owner()::equals);
        }
    }
    // end::claims[]

    /**
     * Whose orders a listing shows: every customer's for support (empty), otherwise the token's customer.
     *
     * @throws TokenRejectedException 403: without {@code orders:read}, or neither support nor a customer
     */
    public Optional<String> requireList(AccessToken token) throws TokenRejectedException {
        token.requireScopes(READ);
        if (isSupport(token)) {
            return Optional.empty();
        }
        return Optional.of(requireCustomer(token));
    }

    /**
     * The customer a new order is placed for: always the token's, never one named in the request.
     *
     * @throws TokenRejectedException 403: without {@code orders:write} and {@code inventory:reserve}, or without
     *                                a customer
     */
    public String requireCreate(AccessToken token) throws TokenRejectedException {
        token.requireScopes(WRITE, RESERVE);
        return requireCustomer(token);
    }

    /** The order as this token may see it: without its price below the premium subscription, unless support. */
    public JsonObject view(AccessToken token, Order order) {
        JsonObject view = new JsonObject().put("id", order.id()).put("customer_id", order.owner())
                .put("sku", order.sku()).put("quantity", order.quantity());
        if (isSupport(token) || SubscriptionLevel.of(token.stringClaim(SUBSCRIPTION)) == SubscriptionLevel.PREMIUM) {
            view.put("price_cents", order.priceCents());
        }
        return view;
    }

    private static boolean isSupport(AccessToken token) {
        return token.stringClaim(ROLE).filter("support"::equals).isPresent();
    }

    private static String requireCustomer(AccessToken token) throws TokenRejectedException {
        token.requireClaim(CUSTOMER_ID, value -> value instanceof String id && !id.isBlank());
        return token.stringClaim(CUSTOMER_ID).orElseThrow();
    }
}
