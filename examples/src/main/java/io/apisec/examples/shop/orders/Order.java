package io.apisec.examples.shop.orders;

import java.util.Objects;

/**
 * One order: who placed it ({@code owner}, a customer id as the token server's {@code customer_id} claim names
 * customers), what, and its price in cents.
 */
public record Order(String id, String owner, String sku, int quantity, long priceCents) {

    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(sku, "sku");
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
    }
}
