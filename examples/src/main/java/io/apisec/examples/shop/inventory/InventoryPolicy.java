package io.apisec.examples.shop.inventory;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.TokenRejectedException;

import java.util.Map;

/**
 * Every access decision of the Inventory API, an internal API (practice 9: internal traffic is authenticated too).
 * Reading stock takes {@code inventory:read}. Reserving takes {@code inventory:reserve} in a token that the
 * Orders API obtained by token exchange on a customer's behalf: its {@code act} claim names {@code orders-api}
 * as the party acting, and its {@code customer_id} says for whom. A customer's own token, even with the scope,
 * is not for this API's audience and never gets here.
 */
public final class InventoryPolicy {

    public static final String READ = "inventory:read";
    public static final String RESERVE = "inventory:reserve";
    /** The only client that may reserve stock, acting for a customer. */
    public static final String ORDERS_API = "orders-api";

    public void requireRead(AccessToken token) throws TokenRejectedException {
        token.requireScopes(READ);
    }

    /** @return the customer the stock is reserved for */
    public String requireReserve(AccessToken token) throws TokenRejectedException {
        token.requireScopes(RESERVE);
        // The immediate actor (RFC 8693 §4.1): the outermost act claim's subject.
        token.requireClaim("act", act -> act instanceof Map<?, ?> actor && ORDERS_API.equals(actor.get("sub")));
        token.requireClaim("customer_id", value -> value instanceof String id && !id.isBlank());
        return token.stringClaim("customer_id").orElseThrow();
    }
}
