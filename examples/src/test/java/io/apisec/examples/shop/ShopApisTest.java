package io.apisec.examples.shop;

import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shop's two APIs against a real token server, as a client behind the gateway sees them (with the JWT the
 * gateway would forward) and as one that went around it: claims decide at the API, internal calls carry an
 * exchanged token, and nothing without a valid JWT for the right API gets an answer.
 */
class ShopApisTest {

    private static final String CUSTOMER_SCOPES = "orders:read orders:write inventory:reserve";

    @TempDir
    static Path dir;
    static ShopFixture shop;

    @BeforeAll
    static void start() throws Exception {
        shop = new ShopFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        shop.close();
    }

    @Test
    void aCustomerReadsItsOwnOrderAndABasicSubscriptionHidesThePrice() throws Exception {
        HttpResponse<Buffer> answer = get(shop.orders("/orders/o-1001"), shop.customerJwt("alice-shop", "orders:read"));
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonObject order = answer.bodyAsJsonObject();
        assertThat(order.getString("customer_id")).isEqualTo("c-1001");
        assertThat(order.containsKey("price_cents")).isFalse();
        assertThat(answer.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aPremiumCustomerSeesThePriceOfItsOrder() throws Exception {
        HttpResponse<Buffer> answer = get(shop.orders("/orders/o-1003"), shop.customerJwt("bob-shop", "orders:read"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsJsonObject().getLong("price_cents")).isEqualTo(12_900L);
    }

    @Test
    void aCustomerCannotReadAnotherCustomersOrder() throws Exception {
        HttpResponse<Buffer> answer = get(shop.orders("/orders/o-1003"), shop.customerJwt("alice-shop", "orders:read"));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"orders-api\"")
                .contains("error=\"insufficient_scope\"");
        assertThat(answer.bodyAsString()).doesNotContain("c-1002").doesNotContain("grinder");
    }

    @Test
    void aCustomerListsOnlyItsOwnOrdersAndSupportListsEveryOne() throws Exception {
        JsonArray alices = get(shop.orders("/orders"), shop.customerJwt("alice-shop", "orders:read")).bodyAsJsonArray();
        assertThat(alices).hasSize(2).allSatisfy(order -> assertThat(((JsonObject) order).getString("customer_id"))
                .isEqualTo("c-1001"));
        String support = shop.customerJwt("support-desk", "orders:read");
        JsonArray all = get(shop.orders("/orders"), support).bodyAsJsonArray();
        assertThat(all.stream().map(order -> ((JsonObject) order).getString("customer_id")))
                .contains("c-1001", "c-1002");
        assertThat(get(shop.orders("/orders/o-1003"), support).bodyAsJsonObject().containsKey("price_cents")).isTrue();
    }

    @Test
    void aTokenThatMayNotReadLearnsNothingOfWhichOrdersExist() throws Exception {
        String writeOnly = shop.customerJwt("alice-shop", "orders:write");
        assertThat(get(shop.orders("/orders/o-1001"), writeOnly).statusCode()).isEqualTo(403);
        assertThat(get(shop.orders("/orders/o-9999"), writeOnly).statusCode()).isEqualTo(403);
        assertThat(get(shop.orders("/orders/o-9999"), shop.customerJwt("alice-shop", "orders:read")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void placingAnOrderReservesStockAtInventoryForTheTokensCustomer() throws Exception {
        int before = shop.stock.units("milk-jug").orElseThrow();
        HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("bob-shop", CUSTOMER_SCOPES),
                new JsonObject().put("sku", "milk-jug").put("quantity", 2));
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
        JsonObject order = answer.bodyAsJsonObject();
        assertThat(order.getString("customer_id")).isEqualTo("c-1002");
        assertThat(order.getLong("price_cents")).isEqualTo(3_980L);
        assertThat(answer.getHeader("Location")).isEqualTo("/orders/" + order.getString("id"));
        assertThat(shop.stock.units("milk-jug")).contains(before - 2);
        assertThat(shop.orders.find(order.getString("id")).orElseThrow().owner()).isEqualTo("c-1002");
    }

    @Test
    void anOrderForMoreThanIsInStockIsRefusedAndNothingIsStored() throws Exception {
        int stored = shop.orders.list(java.util.Optional.empty()).size();
        HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("alice-shop", CUSTOMER_SCOPES),
                new JsonObject().put("sku", "grinder").put("quantity", 99));
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(shop.orders.list(java.util.Optional.empty())).hasSize(stored);
        assertThat(shop.stock.units("grinder")).contains(3);
    }

    @Test
    void anOrderNamesNoCustomerOfItsOwnAndAMalformedLineIsRefused() throws Exception {
        String alice = shop.customerJwt("alice-shop", CUSTOMER_SCOPES);
        for (Object body : new Object[] {new JsonObject().put("sku", "milk-jug").put("quantity", 1)
                .put("customer_id", "c-1002"), new JsonObject().put("sku", "milk-jug").put("quantity", 0),
                new JsonObject().put("sku", "../admin").put("quantity", 1), new JsonObject().put("sku", "milk-jug")
                .put("quantity", "1"), "not json"}) {
            HttpResponse<Buffer> answer = await(shop.client.postAbs(shop.orders("/orders")).bearerTokenAuthentication(alice)
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(String.valueOf(body))));
            assertThat(answer.statusCode()).as(String.valueOf(body)).isEqualTo(400);
        }
        HttpResponse<Buffer> tooLarge = await(shop.client.postAbs(shop.orders("/orders")).bearerTokenAuthentication(alice)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("x".repeat(2_000))));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
    }

    @Test
    void placingAnOrderTakesOrdersWriteAndInventoryReserve() throws Exception {
        for (String scope : new String[] {"orders:read", "orders:write", "orders:read inventory:reserve"}) {
            HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("alice-shop", scope),
                    new JsonObject().put("sku", "milk-jug").put("quantity", 1));
            assertThat(answer.statusCode()).as(scope).isEqualTo(403);
            assertThat(answer.getHeader("WWW-Authenticate")).contains("scope=\"orders:write inventory:reserve\"");
        }
        HttpResponse<Buffer> support = post(shop.orders("/orders"), shop.customerJwt("support-desk", "orders:read"),
                new JsonObject().put("sku", "milk-jug").put("quantity", 1));
        assertThat(support.statusCode()).isEqualTo(403);
    }

    @Test
    void theExchangedTokenIsOnlyForReservingAtInventoryAndNamesTheOrdersApiAsActor() throws Exception {
        String customer = shop.customerJwt("alice-shop", CUSTOMER_SCOPES);
        HttpResponse<Buffer> answer = await(shop.client.postAbs(shop.issuer + "/oauth/token")
                .putHeader("Authorization", ShopFixture.basic("orders-api", ShopFixture.SERVICE_SECRET))
                .sendForm(form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token", customer, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                        "audience", "inventory-api", "scope", "inventory:reserve")));
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        JsonObject claims = ShopFixture.claimsOf(answer.bodyAsJsonObject().getString("access_token"));
        assertThat(claims.getValue("aud")).isIn("inventory-api", new JsonArray().add("inventory-api"));
        assertThat(claims.getString("scope")).isEqualTo("inventory:reserve");
        assertThat(claims.getString("sub")).isEqualTo(ShopFixture.claimsOf(customer).getString("sub"));
        assertThat(claims.getJsonObject("act").getString("sub")).isEqualTo("orders-api");
        assertThat(claims.getString("customer_id")).isEqualTo("c-1001");
        assertThat(claims.containsKey("subscription")).isFalse();
        assertThat(claims.getLong("exp")).isLessThanOrEqualTo(ShopFixture.claimsOf(customer).getLong("exp"));
    }

    @Test
    void inventoryReservesOnlyForTheOrdersApiActingForACustomer() throws Exception {
        JsonObject line = new JsonObject().put("sku", "espresso-beans").put("quantity", 1);
        // The customer's own token, though it holds inventory:reserve, is for the Orders API.
        HttpResponse<Buffer> customer = post(shop.inventory("/reservations"),
                shop.customerJwt("alice-shop", CUSTOMER_SCOPES), line);
        assertThat(customer.statusCode()).isEqualTo(401);
        assertThat(customer.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
        // An internal service may read stock but not reserve it.
        String monitor = shop.token("stock-monitor", ShopFixture.SERVICE_SECRET, "inventory:read");
        assertThat(get(shop.inventory("/stock/espresso-beans"), monitor).bodyAsJsonObject().getInteger("units"))
                .isPositive();
        assertThat(post(shop.inventory("/reservations"), monitor, line).statusCode()).isEqualTo(403);
    }

    @Test
    void bothApisRefuseEveryRequestWithoutAValidJwtForThemEvenAroundTheGateway() throws Exception {
        String opaque = shop.token("alice-shop", ShopFixture.CUSTOMER_SECRET, "orders:read");
        String forged = TestTokens.accessToken(TestKeys.rsa("forged"), Clock.systemUTC()).claim("iss", shop.issuer)
                .claim("aud", "orders-api").scope("orders:read").claim("customer_id", "c-1001").sign();
        String forInventory = shop.token("stock-monitor", ShopFixture.SERVICE_SECRET, "inventory:read");
        for (String url : new String[] {shop.orders("/orders/o-1001"), shop.orders("/orders"),
                shop.inventory("/stock/grinder")}) {
            HttpResponse<Buffer> none = await(shop.client.getAbs(url).send());
            assertThat(none.statusCode()).as(url).isEqualTo(401);
            assertThat(none.getHeader("WWW-Authenticate")).as(url).startsWith("Bearer realm=").doesNotContain("error=");
            for (String token : new String[] {opaque, forged}) {
                HttpResponse<Buffer> refused = get(url, token);
                assertThat(refused.statusCode()).as(url).isEqualTo(401);
                assertThat(refused.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
            }
        }
        assertThat(get(shop.orders("/orders/o-1001"), forInventory).statusCode()).as("another API's token").isEqualTo(401);
        assertThat(await(shop.client.getAbs(shop.orders("/orders/o-1001?access_token=" + opaque)).send()).statusCode())
                .as("a token in the query").isEqualTo(400);
        assertThat(shop.stock.units("grinder")).contains(3);
    }

    private static HttpResponse<Buffer> get(String url, String token) throws Exception {
        return await(shop.client.getAbs(url).bearerTokenAuthentication(token).send());
    }

    private static HttpResponse<Buffer> post(String url, String token, JsonObject body) throws Exception {
        HttpRequest<Buffer> request = shop.client.postAbs(url).bearerTokenAuthentication(token);
        return await(request.sendJsonObject(body));
    }
}
