package io.apisec.cli.demo;

import io.apisec.examples.shop.inventory.InventoryApi;
import io.apisec.examples.shop.inventory.Stock;
import io.apisec.examples.shop.orders.InventoryClient;
import io.apisec.examples.shop.orders.OrderStore;
import io.apisec.examples.shop.orders.OrdersApi;
import io.apisec.gateway.Gateway;
import io.apisec.gateway.GatewaySettings;
import io.apisec.gateway.accesslog.AccessLogWriter;
import io.apisec.gateway.config.GatewayConfig;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.config.TokenServerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.net.ssl.SSLContext;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole architecture on one machine, in one process: the token server (H2 in the demo folder), the gateway
 * (in-process limits and cache, revocations by a direct call), and the shop's Orders and Inventory APIs, all over
 * HTTPS with the demo's own certificate authority, each verifying the others.
 */
final class DemoSystem implements AutoCloseable {

    /** The demo's clients, each with its own secret in {@code secrets/}. */
    static final List<String> CLIENTS = List.of("alice-shop", "bob-shop", "support-desk", "orders-api",
            "stock-monitor", "gateway");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final Path dir;
    final DemoPorts ports;
    private final Vertx vertx;
    private final JwksKeySource keys;
    private final AccessLogWriter accessLog;
    private TokenServer tokenServer;
    private Gateway gateway;

    private DemoSystem(Path dir, DemoPorts ports, Vertx vertx, JwksKeySource keys, AccessLogWriter accessLog) {
        this.dir = dir;
        this.ports = ports;
        this.vertx = vertx;
        this.keys = keys;
        this.accessLog = accessLog;
    }

    /** Makes what is missing in {@code dir}, starts every service and says so on {@code progress} as it goes. */
    static DemoSystem start(Path dir, DemoPorts ports, Consumer<String> progress) throws Exception {
        DemoFiles.createPrivateDirectory(dir.resolve("secrets"));
        if (DemoCertificates.ensure(dir)) {
            progress.accept("Made a certificate authority and a certificate for localhost in " + dir);
        }
        Map<String, String> environment = new HashMap<>();
        for (String client : CLIENTS) {
            environment.put(variable(client), DemoFiles.secret(dir.resolve("secrets").resolve(client)));
        }
        environment.put("SHOP_MASTER_KEY", DemoFiles.masterKey(dir.resolve("secrets").resolve("master-key")));
        String issuer = "https://localhost:" + ports.tokenServer();
        Path tokenServerFile = dir.resolve("token-server.yaml");
        DemoFiles.writePublic(tokenServerFile, template().replace("@ISSUER@", issuer)
                .replace("@PORT@", String.valueOf(ports.tokenServer()))
                .replace("@STORAGE@", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db").resolve("apisec"))
                .replace("@CERTIFICATE@", DemoCertificates.CERTIFICATE)
                .replace("@PRIVATE_KEY@", DemoCertificates.PRIVATE_KEY));
        Path gatewayFile = dir.resolve("gateway.yaml");
        DemoFiles.writePublic(gatewayFile, gatewayConfig(issuer, ports));

        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        JwksKeySource keys = JwksKeySource.builder().issuer(URI.create(issuer)).sslContext(trusting(dir)).build();
        AccessLogWriter accessLog = new AccessLogWriter(new FileOutputStream(dir.resolve("access.log").toFile(), true),
                65_536, 16L * 1024 * 1024, Duration.ofMillis(50));
        DemoSystem system = new DemoSystem(dir, ports, vertx, keys, accessLog);
        try {
            system.tokenServer = await(TokenServer.start(vertx, TokenServerConfig.load(tokenServerFile, environment),
                    Clock.systemUTC()));
            progress.accept("Token server ready:  " + issuer + "  (clients, claims: " + tokenServerFile + ")");
            system.startApis(issuer);
            progress.accept("Orders API ready:    https://localhost:" + ports.orders() + "  (verifies every JWT itself)");
            progress.accept("Inventory API ready: https://localhost:" + ports.inventory() + "  (internal)");
            GatewaySettings settings = GatewayConfig.load(gatewayFile, environment);
            system.gateway = await(Gateway.start(vertx, settings, accessLog,
                    () -> GatewayConfig.load(gatewayFile, environment)));
            system.tokenServer.addRevocationListener(notice -> system.gateway.applyRevocation(notice.toJson()));
            progress.accept("Gateway ready:       https://localhost:" + ports.gateway() + "  (routes: " + gatewayFile
                    + "; access log: " + dir.resolve("access.log") + ")");
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
        return system;
    }

    private void startApis(String issuer) throws Exception {
        PemTrustOptions trust = new PemTrustOptions().addCertPath(dir.resolve(DemoCertificates.CA).toString());
        WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(trust));
        serve(InventoryApi.router(vertx, validator(issuer, InventoryApi.AUDIENCE), Stock.seeded()), ports.inventory());
        InventoryClient inventory = new InventoryClient(client, URI.create(issuer + "/oauth/token"), OrdersApi.AUDIENCE,
                DemoFiles.secret(dir.resolve("secrets").resolve("orders-api")),
                URI.create("https://localhost:" + ports.inventory()), Duration.ofSeconds(5));
        serve(OrdersApi.router(vertx, validator(issuer, OrdersApi.AUDIENCE), OrderStore.seeded(), inventory),
                ports.orders());
    }

    private JwtValidator validator(String issuer, String audience) {
        return JwtValidator.builder().issuer(issuer).audience(audience).keySource(keys).build();
    }

    private void serve(Router router, int port) throws Exception {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1")
                .setPort(port).setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(dir.resolve(DemoCertificates.CERTIFICATE).toString())
                        .setKeyPath(dir.resolve(DemoCertificates.PRIVATE_KEY).toString())));
        await(server.requestHandler(router).listen());
    }

    /** The gateway in front of the Orders API: phantom tokens, a scope per method, a rate limit to see. */
    private static String gatewayConfig(String issuer, DemoPorts ports) {
        String orders = "https://localhost:" + ports.orders();
        return """
                # The demo's gateway (written by apisec demo; edit and POST /config/reload at the admin port).
                server:
                  host: 127.0.0.1
                  port: %d
                  tls: {certificate: %s, private-key: %s}
                admin:
                  host: 127.0.0.1
                  port: %d
                token-server:
                  issuer: %s
                  client-id: gateway
                  client-secret-env: SHOP_GATEWAY_SECRET
                  trust: %s
                routes:
                  - name: orders
                    path: /orders
                    methods: [GET, POST]
                    upstream: %s
                    auth: phantom
                    scopes: [orders:read]
                    scope-rules:
                      - methods: [POST]
                        scopes: [orders:write]
                  - name: whoami
                    path: /whoami
                    methods: [GET]
                    upstream: %s
                    auth: phantom
                    rate-limit: {limit: 5, window: PT1M}
                """.formatted(ports.gateway(), DemoCertificates.CERTIFICATE, DemoCertificates.PRIVATE_KEY,
                ports.gatewayAdmin(), issuer, DemoCertificates.CA, orders, orders);
    }

    /** The environment variable that the token server template names for {@code client}'s secret. */
    static String variable(String client) {
        return switch (client) {
            case "alice-shop" -> "SHOP_ALICE_SECRET";
            case "bob-shop" -> "SHOP_BOB_SECRET";
            case "support-desk" -> "SHOP_SUPPORT_SECRET";
            case "orders-api" -> "SHOP_ORDERS_API_SECRET";
            case "stock-monitor" -> "SHOP_MONITOR_SECRET";
            case "gateway" -> "SHOP_GATEWAY_SECRET";
            default -> throw new IllegalArgumentException("no demo client " + client);
        };
    }

    private static SSLContext trusting(Path dir) throws Exception {
        var certificates = java.security.cert.CertificateFactory.getInstance("X.509");
        var store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve(DemoCertificates.CA))) {
            store.setCertificateEntry("demo-ca", certificates.generateCertificate(in));
        }
        var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String template() throws IOException {
        try (InputStream in = OrdersApi.class.getResourceAsStream("/io/apisec/examples/shop/token-server.yaml.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Stops the gateway first (no new requests), then the token server, the APIs and the writer. */
    @Override
    public void close() throws Exception {
        try {
            if (gateway != null) {
                await(gateway.close());
            }
            if (tokenServer != null) {
                await(tokenServer.close());
            }
            keys.close();
            await(vertx.close());
        } finally {
            accessLog.close();
        }
    }
}
