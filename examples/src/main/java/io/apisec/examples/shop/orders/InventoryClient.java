package io.apisec.examples.shop.orders;

import io.apisec.examples.shop.OrderLine;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * How the Orders API reserves stock for a customer (practice 9: internal calls are authenticated too). It never
 * sends the customer's token on: it exchanges it at the token server (RFC 8693) for one that is only good at the
 * Inventory API ({@code audience=inventory-api}) and only for reserving ({@code scope=inventory:reserve}), naming
 * the Orders API as the party acting ({@code act}) for the customer, and calls Inventory with that.
 */
public final class InventoryClient {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final WebClient client;
    private final URI tokenEndpoint;
    private final String authorization;
    private final URI inventory;

    /**
     * @param client        verifies the token server's and Inventory's certificates and host names
     * @param tokenEndpoint the token server's {@code /oauth/token}
     * @param clientId      the Orders API's client at the token server ({@code orders-api})
     * @param inventory     the Inventory API's base URL
     */
    public InventoryClient(WebClient client, URI tokenEndpoint, String clientId, String clientSecret, URI inventory) {
        this.client = Objects.requireNonNull(client, "client");
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and encoded in Base64.
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** What became of a reservation; the Orders API answers each differently. */
    public sealed interface Outcome {
        record Reserved() implements Outcome { }

        record OutOfStock() implements Outcome { }

        /** The token server would not let the Orders API act for this customer ({@code error} as it said). */
        record ExchangeRefused(String error) implements Outcome { }

        /** The token server or Inventory failed or could not be reached: worth a retry. */
        record Unavailable(String what) implements Outcome { }
    }

    /** @param customerToken the JWT the customer's request presented (never sent anywhere but the token server) */
    public Future<Outcome> reserve(String customerToken, OrderLine line) {
        MultiMap exchange = MultiMap.caseInsensitiveMultiMap().add("grant_type", TOKEN_EXCHANGE)
                .add("subject_token", customerToken).add("subject_token_type", ACCESS_TOKEN_TYPE)
                .add("audience", "inventory-api").add("scope", "inventory:reserve");
        return client.postAbs(tokenEndpoint.toString()).putHeader("Authorization", authorization)
                .putHeader("Accept", "application/json").sendForm(exchange)
                .transform(answered -> answered.succeeded() ? exchanged(answered.result(), line)
                        : Future.succeededFuture(new Outcome.Unavailable("token server unreachable")));
    }

    private Future<Outcome> exchanged(HttpResponse<Buffer> answer, OrderLine line) {
        JsonObject body = json(answer);
        if (answer.statusCode() == 200 && body.getValue("access_token") instanceof String inventoryToken) {
            return client.postAbs(inventory.resolve("/reservations").toString())
                    .putHeader("Authorization", "Bearer " + inventoryToken)
                    .sendJsonObject(new JsonObject().put("sku", line.sku()).put("quantity", line.quantity()))
                    .map(InventoryClient::reserved)
                    .otherwise(unreachable -> new Outcome.Unavailable("inventory unreachable"));
        }
        if (answer.statusCode() == 400 || answer.statusCode() == 401) {
            return Future.succeededFuture(new Outcome.ExchangeRefused(body.getValue("error") instanceof String error
                    ? error : "refused"));
        }
        return Future.succeededFuture(new Outcome.Unavailable("token server answered " + answer.statusCode()));
    }

    private static Outcome reserved(HttpResponse<Buffer> answer) {
        return switch (answer.statusCode()) {
            case 201 -> new Outcome.Reserved();
            case 409 -> new Outcome.OutOfStock();
            default -> new Outcome.Unavailable("inventory answered " + answer.statusCode());
        };
    }

    private static JsonObject json(HttpResponse<Buffer> answer) {
        try {
            return answer.body() == null ? new JsonObject() : answer.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
