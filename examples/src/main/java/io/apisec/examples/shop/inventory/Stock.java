package io.apisec.examples.shop.inventory;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The Inventory API's data, in memory: units in stock by SKU. Synchronized: several event loops may share it. */
public final class Stock {

    private final Map<String, Integer> units;

    public Stock(Map<String, Integer> units) {
        this.units = new HashMap<>(units);
    }

    /** The demo's stock: what the Orders API's price list sells, a few grinders only. */
    public static Stock seeded() {
        return new Stock(Map.of("espresso-beans", 500, "grinder", 3, "milk-jug", 40));
    }

    public synchronized Optional<Integer> units(String sku) {
        return Optional.ofNullable(units.get(sku));
    }

    /** Takes {@code quantity} units if there are that many: all or nothing. */
    public synchronized Reservation reserve(String sku, int quantity) {
        Integer available = units.get(sku);
        if (available == null) {
            return Reservation.UNKNOWN_SKU;
        }
        if (available < quantity) {
            return Reservation.OUT_OF_STOCK;
        }
        units.put(sku, available - quantity);
        return Reservation.RESERVED;
    }

    public enum Reservation { RESERVED, OUT_OF_STOCK, UNKNOWN_SKU }
}
