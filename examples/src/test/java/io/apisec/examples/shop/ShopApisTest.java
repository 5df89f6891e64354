package io.apisec.examples.shop;

import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
    private static final JsonObject ONE_JUG = new JsonObject().put("sku", "milk-jug").put("quantity", 1);

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
    void aCustomerListsOnlyItsOwnOrders() throws Exception {
        JsonArray alices = get(shop.orders("/orders"), shop.customerJwt("alice-shop", "orders:read")).bodyAsJsonArray();
        assertThat(alices).isNotEmpty().allSatisfy(order -> assertThat(((JsonObject) order).getString("customer_id"))
                .isEqualTo("c-1001"));
    }

    @Test
    void supportReadsAndListsEveryCustomersOrdersWithPrices() throws Exception {
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
    }

    @Test
    void placingAnOrderReservesStockAtInventoryForTheTokensCustomer() throws Exception {
        int before = shop.stock.units("milk-jug").orElseThrow();
        HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("bob-shop", CUSTOMER_SCOPES),
                new JsonObject().put("sku", "milk-jug").put("quantity", 2));
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
        JsonObject order = answer.bodyAsJsonObject();
        assertThat(order.getString("customer_id")).isEqualTo("c-1002");
        assertThat(order.getLong("price_cents")).as("bob is premium").isEqualTo(3_980L);
        assertThat(order.getString("id")).matches("o-[A-Za-z0-9_-]{12}");
        assertThat(answer.getHeader("Location")).isEqualTo("/orders/" + order.getString("id"));
        assertThat(shop.stock.units("milk-jug")).contains(before - 2);
        assertThat(shop.orders.find(order.getString("id")).orElseThrow().owner()).isEqualTo("c-1002");
    }

    @Test
    void aBasicCustomersNewOrderHidesThePriceToo() throws Exception {
        HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("alice-shop", CUSTOMER_SCOPES),
                ONE_JUG);
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.bodyAsJsonObject().containsKey("price_cents")).isFalse();
    }

    @Test
    void theTokenInventoryReceivesIsOnlyForReservingThereAndNamesTheOrdersApiActingForTheCustomer() throws Exception {
        String customer = shop.customerJwt("alice-shop", CUSTOMER_SCOPES);
        int before = shop.reservationTokens.size();
        assertThat(post(shop.orders("/orders"), customer, ONE_JUG).statusCode()).isEqualTo(201);

        assertThat(shop.reservationTokens).hasSize(before + 1);
        String sent = shop.reservationTokens.get(before);
        assertThat(sent).startsWith("Bearer ").isNotEqualTo("Bearer " + customer);
        JsonObject claims = ShopFixture.claimsOf(sent.substring("Bearer ".length()));
        assertThat(claims.getValue("aud")).isIn("inventory-api", new JsonArray().add("inventory-api"));
        assertThat(claims.getString("scope")).isEqualTo("inventory:reserve");
        assertThat(claims.getString("sub")).isEqualTo(ShopFixture.claimsOf(customer).getString("sub"));
        assertThat(claims.getJsonObject("act").getString("sub")).isEqualTo("orders-api");
        assertThat(claims.getString("customer_id")).isEqualTo("c-1001");
        assertThat(claims.containsKey("subscription")).as("a claim for the Orders API only").isFalse();
        assertThat(claims.getLong("exp")).isLessThanOrEqualTo(ShopFixture.claimsOf(customer).getLong("exp"));
        // Good for reserving, nothing else, even at Inventory.
        assertThat(get(shop.inventory("/stock/milk-jug"), sent.substring(7)).statusCode()).isEqualTo(403);
    }

    @Test
    void anOrderForMoreThanIsInStockIsRefusedAndNothingIsStored() throws Exception {
        int stored = shop.orders.list(Optional.empty()).size();
        int grinders = shop.stock.units("grinder").orElseThrow();
        HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("alice-shop", CUSTOMER_SCOPES),
                new JsonObject().put("sku", "grinder").put("quantity", grinders + 1));
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.bodyAsJsonObject().getString("title")).isEqualTo("Conflict");
        assertThat(shop.orders.list(Optional.empty())).hasSize(stored);
        assertThat(shop.stock.units("grinder")).contains(grinders);
    }

    @Test
    void anOrderLineWithAnyOtherFieldOrValueIsRefused() throws Exception {
        String alice = shop.customerJwt("alice-shop", CUSTOMER_SCOPES);
        int reservations = shop.reservationTokens.size();
        for (Object body : new Object[] {ONE_JUG.copy().put("customer_id", "c-1002"),
                new JsonObject().put("sku", "milk-jug").put("quantity", 0),
                new JsonObject().put("sku", "milk-jug").put("quantity", 101),
                new JsonObject().put("sku", "../admin").put("quantity", 1),
                new JsonObject().put("sku", "milk-jug").put("quantity", "1"), "not json", "[1]"}) {
            HttpResponse<Buffer> answer = await(shop.client.postAbs(shop.orders("/orders")).bearerTokenAuthentication(alice)
                    .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(String.valueOf(body))));
            assertThat(answer.statusCode()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
        }
        assertThat(shop.reservationTokens).as("nothing reached Inventory").hasSize(reservations);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413AsAProblem() throws Exception {
        HttpResponse<Buffer> answer = await(shop.client.postAbs(shop.orders("/orders"))
                .bearerTokenAuthentication(shop.customerJwt("alice-shop", CUSTOMER_SCOPES))
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("x".repeat(2_000))));
        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void placingAnOrderTakesOrdersWriteAndInventoryReserveAndARefusalReachesNoOtherService() throws Exception {
        int reservations = shop.reservationTokens.size();
        int jugs = shop.stock.units("milk-jug").orElseThrow();
        for (String scope : new String[] {"orders:read", "orders:write", "orders:read inventory:reserve"}) {
            HttpResponse<Buffer> answer = post(shop.orders("/orders"), shop.customerJwt("alice-shop", scope), ONE_JUG);
            assertThat(answer.statusCode()).as(scope).isEqualTo(403);
            assertThat(answer.getHeader("WWW-Authenticate")).contains("scope=\"orders:write inventory:reserve\"");
        }
        assertThat(post(shop.orders("/orders"), shop.customerJwt("support-desk", "orders:read"), ONE_JUG).statusCode())
                .as("support places no order").isEqualTo(403);
        assertThat(shop.reservationTokens).hasSize(reservations);
        assertThat(shop.stock.units("milk-jug")).contains(jugs);
    }

    @Test
    void aCustomerTokenRevokedAfterItWasIssuedPlacesNoOrder() throws Exception {
        String opaque = shop.token("alice-shop", CUSTOMER_SCOPES);
        String jwt = shop.jwtOf(opaque);
        HttpResponse<Buffer> revoked = await(shop.client.postAbs(shop.issuer + "/oauth/revoke")
                .putHeader("Authorization", ShopFixture.basic("alice-shop", ShopFixture.SECRETS.get("alice-shop")))
                .sendForm(form("token", opaque)));
        assertThat(revoked.statusCode()).isEqualTo(200);
        int jugs = shop.stock.units("milk-jug").orElseThrow();

        HttpResponse<Buffer> answer = post(shop.orders("/orders"), jwt, ONE_JUG);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(shop.stock.units("milk-jug")).contains(jugs);
    }

    @Test
    void anInventoryThatDoesNotAnswerGetsA503WithRetryAfterInBoundedTime() throws Exception {
        Router silentApi = Router.router(shop.vertx);
        silentApi.route().handler(context -> { }); // accepts, reads, never answers
        HttpServer silent = shop.serve(silentApi);
        HttpServer orders = shop.serveOrders(shop.inventoryClient(URI.create("https://localhost:" + silent.actualPort()),
                Duration.ofMillis(300)));
        int stored = shop.orders.list(Optional.empty()).size();

        HttpResponse<Buffer> answer = post("https://localhost:" + orders.actualPort() + "/orders",
                shop.customerJwt("alice-shop", CUSTOMER_SCOPES), ONE_JUG);

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("5");
        assertThat(shop.orders.list(Optional.empty())).hasSize(stored);
    }

    @Test
    void inventoryReservesOnlyForTheOrdersApiActingForACustomer() throws Exception {
        // The customer's own token, though it holds inventory:reserve, is for the Orders API.
        HttpResponse<Buffer> customer = post(shop.inventory("/reservations"),
                shop.customerJwt("alice-shop", CUSTOMER_SCOPES), ONE_JUG);
        assertThat(customer.statusCode()).isEqualTo(401);
        assertThat(customer.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
        // An internal service may read stock but not reserve it.
        String monitor = shop.token("stock-monitor", "inventory:read");
        assertThat(get(shop.inventory("/stock/espresso-beans"), monitor).bodyAsJsonObject().getInteger("units"))
                .isPositive();
        assertThat(post(shop.inventory("/reservations"), monitor, ONE_JUG).statusCode()).isEqualTo(403);
    }

    @Test
    void eachClientHasItsOwnSecretSoNoCustomerCanBeAnother() throws Exception {
        for (String other : new String[] {"bob-shop", "support-desk", "orders-api", "stock-monitor"}) {
            HttpResponse<Buffer> answer = await(shop.client.postAbs(shop.issuer + "/oauth/token")
                    .putHeader("Authorization", ShopFixture.basic(other, ShopFixture.SECRETS.get("alice-shop")))
                    .sendForm(form("grant_type", "client_credentials")));
            assertThat(answer.statusCode()).as(other).isEqualTo(401);
        }
    }

    @Test
    void bothApisRefuseEveryRequestWithoutAValidJwtForThemEvenAroundTheGateway() throws Exception {
        String opaque = shop.token("alice-shop", "orders:read");
        String forged = TestTokens.accessToken(TestKeys.rsa("forged"), Clock.systemUTC()).claim("iss", shop.issuer)
                .claim("aud", "orders-api").scope("orders:read").claim("customer_id", "c-1001").sign();
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
        String forInventory = shop.token("stock-monitor", "inventory:read");
        assertThat(get(shop.orders("/orders/o-1001"), forInventory).statusCode()).as("another API's token").isEqualTo(401);
        assertThat(await(shop.client.getAbs(shop.orders("/orders/o-1001?access_token=" + opaque)).send()).statusCode())
                .as("a token in the query").isEqualTo(400);
    }

    private static HttpResponse<Buffer> get(String url, String token) throws Exception {
        return await(shop.client.getAbs(url).bearerTokenAuthentication(token).send());
    }

    private static HttpResponse<Buffer> post(String url, String token, JsonObject body) throws Exception {
        return await(shop.client.postAbs(url).bearerTokenAuthentication(token).sendJsonObject(body));
    }
}
