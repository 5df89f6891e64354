package io.apisec.examples.shop;

import io.apisec.examples.shop.inventory.InventoryApi;
import io.apisec.examples.shop.inventory.Stock;
import io.apisec.examples.shop.orders.InventoryClient;
import io.apisec.examples.shop.orders.OrderStore;
import io.apisec.examples.shop.orders.OrdersApi;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.config.TokenServerConfig;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;

/**
 * The demo shop for the tests: a real token server configured from the shop's own template, the Orders and
 * Inventory APIs over TLS on loopback, each verifying every JWT with the token server's published keys.
 */
final class ShopFixture implements AutoCloseable {

    /** One secret per client, as the template asks. */
    static final Map<String, String> SECRETS = Map.of("alice-shop", "alice-alice-alice-alice-alice-alice-01",
            "bob-shop", "bob-bob-bob-bob-bob-bob-bob-bob-bob-bob-01", "support-desk",
            "support-support-support-support-support-01", "orders-api", "orders-orders-orders-orders-orders-01",
            "stock-monitor", "monitor-monitor-monitor-monitor-monitor-01", "gateway",
            "gateway-gateway-gateway-gateway-gateway-01", "gateway-admin", "admin-admin-admin-admin-admin-admin-01", "admin",
            "tsadmin-tsadmin-tsadmin-tsadmin-tsadmin-01");
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final Vertx vertx = Vertx.vertx();
    final String issuer;
    final TokenServer tokenServer;
    final WebClient client;
    final Stock stock = Stock.seeded();
    final OrderStore orders = OrderStore.seeded();
    final HttpServer inventoryServer;
    final HttpServer ordersServer;
    /** The tokens that reached Inventory's reservations, as sent: what the Orders API obtained by exchange. */
    final List<String> reservationTokens = new CopyOnWriteArrayList<>();
    private final JwksKeySource keys;

    ShopFixture(Path dir) throws Exception {
        int port = TestServers.freePort();
        issuer = "https://localhost:" + port;
        Files.writeString(dir.resolve("server.pem"), TestTls.get().certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), TestTls.get().privateKeyPem());
        Path config = dir.resolve("token-server.yaml");
        Files.writeString(config, template().replace("@ISSUER@", issuer).replace("@PORT@", String.valueOf(port)).replace("@ADMIN_PORT@", "0")
                .replace("@STORAGE@", TestServers.memoryDatabase("shop")).replace("@CERTIFICATE@", "server.pem")
                .replace("@PRIVATE_KEY@", "server-key.pem"));
        tokenServer = TestServers.start(vertx, TokenServerConfig.load(config, Map.of(
                "SHOP_MASTER_KEY", TestServers.MASTER_KEY, "SHOP_ALICE_SECRET", SECRETS.get("alice-shop"),
                "SHOP_BOB_SECRET", SECRETS.get("bob-shop"), "SHOP_SUPPORT_SECRET", SECRETS.get("support-desk"),
                "SHOP_ORDERS_API_SECRET", SECRETS.get("orders-api"), "SHOP_MONITOR_SECRET", SECRETS.get("stock-monitor"),
                "SHOP_GATEWAY_SECRET", SECRETS.get("gateway"), "SHOP_GATEWAY_ADMIN_SECRET", SECRETS.get("gateway-admin"), "SHOP_ADMIN_SECRET", SECRETS.get("admin"))));
        client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
        keys = JwksKeySource.builder().issuer(URI.create(issuer)).sslContext(TestTls.get().clientContext()).build();
        Router recorded = Router.router(vertx);
        recorded.post("/reservations").handler(context -> {
            reservationTokens.add(context.request().getHeader("Authorization"));
            context.next();
        });
        recorded.route("/*").subRouter(InventoryApi.router(vertx, validator(InventoryApi.AUDIENCE), stock));
        inventoryServer = serve(recorded);
        ordersServer = serveOrders(inventoryClient(URI.create("https://localhost:" + inventoryServer.actualPort()),
                TIMEOUT));
    }

    /** The Orders API's client of an Inventory API at {@code inventory}. */
    InventoryClient inventoryClient(URI inventory, Duration timeout) {
        return new InventoryClient(client, URI.create(issuer + "/oauth/token"), OrdersApi.AUDIENCE,
                SECRETS.get("orders-api"), inventory, timeout);
    }

    /** Another Orders API over this fixture's orders, calling Inventory through {@code inventory}. */
    HttpServer serveOrders(InventoryClient inventory) throws Exception {
        return serve(OrdersApi.router(vertx, validator(OrdersApi.AUDIENCE), orders, inventory));
    }

    private JwtValidator validator(String audience) {
        return JwtValidator.builder().issuer(issuer).audience(audience).keySource(keys).build();
    }

    HttpServer serve(Router router) throws Exception {
        return await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("localhost")
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(TestTls.get().certificatePem()))
                        .setKeyValue(Buffer.buffer(TestTls.get().privateKeyPem()))))
                .requestHandler(router).listen(0));
    }

    private static String template() throws IOException {
        try (InputStream in = OrdersApi.class.getResourceAsStream("/io/apisec/examples/shop/token-server.yaml.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String orders(String path) {
        return "https://localhost:" + ordersServer.actualPort() + path;
    }

    String inventory(String path) {
        return "https://localhost:" + inventoryServer.actualPort() + path;
    }

    /** A client_credentials token of {@code clientId}: opaque for the customers, a JWT for internal clients. */
    String token(String clientId, String scope) throws Exception {
        HttpResponse<Buffer> answer = await(client.postAbs(issuer + "/oauth/token")
                .putHeader("Authorization", basic(clientId, SECRETS.get(clientId)))
                .sendForm(form("grant_type", "client_credentials", "scope", scope)));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("token for " + clientId + ": " + answer.statusCode() + " " + answer.bodyAsString());
        }
        return answer.bodyAsJsonObject().getString("access_token");
    }

    /** A customer's token as the API receives it behind the gateway: its JWT form (phantom token). */
    String customerJwt(String clientId, String scope) throws Exception {
        return jwtOf(token(clientId, scope));
    }

    /** What the gateway does with an opaque token: introspection with {@code Accept: application/jwt}. */
    String jwtOf(String opaqueToken) throws Exception {
        HttpResponse<Buffer> answer = await(client.postAbs(issuer + "/oauth/introspect")
                .putHeader("Authorization", basic("gateway", SECRETS.get("gateway"))).putHeader("Accept", "application/jwt")
                .sendForm(form("token", opaqueToken)));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("introspection: " + answer.statusCode());
        }
        return answer.bodyAsString();
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** The claims of a JWT, read without verifying it: for assertions on tokens the test itself obtained. */
    static JsonObject claimsOf(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        keys.close();
        await(tokenServer.close());
        await(vertx.close());
    }
}
