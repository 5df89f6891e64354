package io.apisec.examples.shop;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a request body may ask for, in both example APIs: a SKU and a quantity, checked before any use — a SKU
 * of lower-case letters, digits and hyphens (at most 64), a quantity from 1 to {@value #MAX_QUANTITY}; any other
 * field is refused rather than ignored.
 */
public record OrderLine(String sku, int quantity) {

    public static final int MAX_QUANTITY = 100;
    private static final Pattern SKU = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Whether {@code text} is spelt as a SKU: checked before it is looked up anywhere. */
    public static boolean isSku(String text) {
        return SKU.matcher(text).matches();
    }

    /** The body's line, or empty (and a 400 problem sent) when the body is not one. */
    public static Optional<OrderLine> read(RoutingContext context) {
        try {
            JsonObject body = context.body().asJsonObject();
            if (body != null && body.size() == 2 && body.getValue("sku") instanceof String sku
                    && SKU.matcher(sku).matches() && body.getValue("quantity") instanceof Integer quantity
                    && quantity >= 1 && quantity <= MAX_QUANTITY) {
                return Optional.of(new OrderLine(sku, quantity));
            }
        } catch (DecodeException | ClassCastException notJson) {
            // answered below, as any other malformed body
        }
        ApiHandlers.problem(context, 400, "Send a JSON object with exactly \"sku\" (lower-case letters, digits and "
                + "hyphens) and \"quantity\" (1 to " + MAX_QUANTITY + ").");
        return Optional.empty();
    }
}
