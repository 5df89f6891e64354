package io.apisec.examples.shop.orders;

import io.apisec.examples.shop.OrderLine;
import io.apisec.examples.shop.inventory.InventoryApi;
import io.apisec.examples.shop.inventory.InventoryPolicy;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How the Orders API reserves stock for a customer (practice 9: internal calls are authenticated too). It never
 * sends the customer's token on: it exchanges it at the token server (RFC 8693) for one that is only good at the
 * Inventory API ({@code audience=inventory-api}) and only for reserving ({@code scope=inventory:reserve}), naming
 * the Orders API as the party acting ({@code act}) for the customer, and calls Inventory with that. Both calls
 * are bounded in time and follow no redirect (they carry credentials).
 */
public final class InventoryClient {

    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

    private final WebClient client;
    private final URI tokenEndpoint;
    private final String authorization;
    private final URI inventory;
    private final long timeoutMillis;

    /**
     * @param client        verifies the token server's and Inventory's certificates and host names
     * @param tokenEndpoint the token server's {@code /oauth/token}, over HTTPS
     * @param clientId      the Orders API's client at the token server ({@code orders-api})
     * @param inventory     the Inventory API's base URL, over HTTPS
     * @param timeout       the longest each of the two calls may take
     */
    public InventoryClient(WebClient client, URI tokenEndpoint, String clientId, String clientSecret, URI inventory,
                           Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.tokenEndpoint = https(tokenEndpoint, "tokenEndpoint");
        this.inventory = https(inventory, "inventory");
        this.timeoutMillis = timeout.toMillis();
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        // RFC 6749 §2.3.1: the id and secret are form-encoded before they are joined and encoded in Base64.
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((form(clientId, "clientId") + ":"
                + form(clientSecret, "clientSecret")).getBytes(StandardCharsets.UTF_8));
    }

    /** What became of a reservation; the Orders API answers each differently. */
    public sealed interface Outcome {
        record Reserved() implements Outcome { }

        record OutOfStock() implements Outcome { }

        /** The token server says the customer's token is no longer active (revoked since it was issued). */
        record TokenInactive() implements Outcome { }

        /**
         * Anything else, with a reason to log (never a token): {@code retryable} when the token server or
         * Inventory is down, slow or unreachable; not when one of them refused us, which a retry cannot mend.
         */
        record Failed(String reason, boolean retryable) implements Outcome { }
    }

    /** @param customerToken the JWT the customer's request presented (never sent anywhere but the token server) */
    public Future<Outcome> reserve(String customerToken, OrderLine line) {
        MultiMap exchange = MultiMap.caseInsensitiveMultiMap().add("grant_type", TOKEN_EXCHANGE)
                .add("subject_token", customerToken).add("subject_token_type", ACCESS_TOKEN_TYPE)
                .add("audience", InventoryApi.AUDIENCE).add("scope", InventoryPolicy.RESERVE);
        return client.postAbs(tokenEndpoint.toString()).followRedirects(false).timeout(timeoutMillis)
                .putHeader("Authorization", authorization).putHeader("Accept", "application/json").sendForm(exchange)
                .transform(answered -> answered.succeeded() ? exchanged(answered.result(), line)
                        : Future.succeededFuture(new Outcome.Failed("token server: no answer", true)));
    }

    private Future<Outcome> exchanged(HttpResponse<Buffer> answer, OrderLine line) {
        JsonObject body = json(answer);
        if (answer.statusCode() == 200 && body.getValue("access_token") instanceof String inventoryToken) {
            return client.postAbs(inventory.resolve("/reservations").toString()).followRedirects(false)
                    .timeout(timeoutMillis).putHeader("Authorization", "Bearer " + inventoryToken)
                    .sendJsonObject(new JsonObject().put("sku", line.sku()).put("quantity", line.quantity()))
                    .map(InventoryClient::reserved)
                    .otherwise(unanswered -> new Outcome.Failed("inventory: no answer", true));
        }
        if (answer.statusCode() == 400 && "invalid_grant".equals(body.getValue("error"))) {
            return Future.succeededFuture(new Outcome.TokenInactive());
        }
        // 401 is our own credentials refused; any other 400 our configuration (scopes, audiences): no retry mends it.
        return Future.succeededFuture(new Outcome.Failed("token exchange answered " + answer.statusCode() + " "
                + body.getValue("error"), answer.statusCode() >= 500));
    }

    private static Outcome reserved(HttpResponse<Buffer> answer) {
        return switch (answer.statusCode()) {
            case 201 -> new Outcome.Reserved();
            case 409 -> new Outcome.OutOfStock();
            default -> new Outcome.Failed("inventory answered " + answer.statusCode(), answer.statusCode() >= 500);
        };
    }

    private static JsonObject json(HttpResponse<Buffer> answer) {
        try {
            return answer.body() == null ? new JsonObject() : answer.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    private static URI https(URI uri, String name) {
        if (!"https".equals(Objects.requireNonNull(uri, name).getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an https URL, was " + uri);
        }
        return uri;
    }

    private static String form(String value, String name) {
        return URLEncoder.encode(Objects.requireNonNull(value, name), StandardCharsets.UTF_8);
    }
}
