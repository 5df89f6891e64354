package io.apisec.examples.shop.orders;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Orders API's data, in memory: a few orders of two demo customers and the price list. Bounded: an example
 * API that anyone may call must not let its callers fill its heap. Its methods are synchronized: event loops of
 * several listeners may share it.
 */
public final class OrderStore {

    /** The most orders kept; more are refused (409), as a real store's quota would. */
    public static final int MAX_ORDERS = 10_000;

    private static final SecureRandom IDS = new SecureRandom();

    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, Long> unitPrices;

    public OrderStore(Map<String, Long> unitPrices) {
        this.unitPrices = Map.copyOf(unitPrices);
    }

    /** The demo's data: customers {@code c-1001} and {@code c-1002}, and what the shop sells. */
    public static OrderStore seeded() {
        OrderStore store = new OrderStore(Map.of("espresso-beans", 1_450L, "grinder", 12_900L, "milk-jug", 1_990L));
        store.put(new Order("o-1001", "c-1001", "espresso-beans", 2, 2 * 1_450L));
        store.put(new Order("o-1002", "c-1001", "milk-jug", 1, 1_990L));
        store.put(new Order("o-1003", "c-1002", "grinder", 1, 12_900L));
        return store;
    }

    /** Whether another order fits: checked before stock is reserved for one. */
    public synchronized boolean hasRoom() {
        return orders.size() < MAX_ORDERS;
    }

    public synchronized Optional<Order> find(String id) {
        return Optional.ofNullable(orders.get(id));
    }

    /** The orders of {@code owner}, or every order when empty, in the order they were placed. */
    public synchronized List<Order> list(Optional<String> owner) {
        return orders.values().stream().filter(order -> owner.map(order.owner()::equals).orElse(true)).toList();
    }

    public Optional<Long> unitPrice(String sku) {
        return Optional.ofNullable(unitPrices.get(sku));
    }

    /**
     * Places an order at the list price, under an id that cannot be guessed from the ones a customer has seen (a
     * customer who could count other customers' orders would learn the shop's business).
     *
     * @return empty when the store is full or the SKU is not sold
     */
    public synchronized Optional<Order> add(String owner, String sku, int quantity) {
        Long unitPrice = unitPrices.get(sku);
        if (unitPrice == null || orders.size() >= MAX_ORDERS) {
            return Optional.empty();
        }
        byte[] id = new byte[9];
        IDS.nextBytes(id);
        Order order = new Order("o-" + Base64.getUrlEncoder().encodeToString(id), owner, sku, quantity,
                unitPrice * quantity);
        put(order);
        return Optional.of(order);
    }

    private void put(Order order) {
        orders.put(order.id(), order);
    }
}
