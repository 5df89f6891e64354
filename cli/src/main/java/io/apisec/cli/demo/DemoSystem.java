package io.apisec.cli.demo;

import io.apisec.cli.TrustedCertificates;
import io.apisec.tracing.Tracing;
import io.apisec.examples.shop.inventory.InventoryApi;
import io.apisec.examples.shop.inventory.Stock;
import io.apisec.examples.shop.orders.InventoryClient;
import io.apisec.examples.shop.orders.OrderStore;
import io.apisec.examples.shop.orders.OrdersApi;
import io.apisec.gateway.Gateway;
import io.apisec.gateway.GatewaySettings;
import io.apisec.gateway.NetworkTransport;
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

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole architecture on one machine, in one process: the token server (H2 in the demo folder), the gateway
 * (in-process limits and cache, revocations by a direct call), and the shop's Orders and Inventory APIs, all over
 * HTTPS with the demo's own certificate authority, each verifying the others.
 */
final class DemoSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    /** A client of the template and the variable its secret comes from. */
    private static final Pattern CLIENT = Pattern.compile("- id: (\\S+)\\R\\s+secret-env: (\\S+)");
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");
    /** Paths the demo writes into YAML and bash as they are: no quoting to get wrong. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._/+ -]+");

    final Path dir;
    final DemoPorts ports;
    private final Vertx vertx;
    private final JwksKeySource keys;
    private final AccessLogWriter accessLog;
    private final List<HttpServer> apis = new ArrayList<>();
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
        Path absolute = dir.toAbsolutePath().normalize();
        if (!PLAIN_PATH.matcher(absolute.toString()).matches()) {
            throw new IllegalArgumentException("the demo folder's path " + absolute + " has characters the demo does"
                    + " not write into its files; choose a --dir of letters, digits, spaces and . _ / + -");
        }
        DemoFiles.privateDirectory(absolute, false);
        DemoFiles.privateDirectory(absolute.resolve("secrets"), true);
        if (DemoCertificates.ensure(absolute)) {
            progress.accept("Made a certificate authority and a certificate for localhost in " + absolute);
        }
        String template = template();
        Map<String, String> environment = new HashMap<>();
        Matcher client = CLIENT.matcher(template);
        while (client.find()) { // one secret per client, kept under the client's name
            environment.put(client.group(2), DemoFiles.secret(absolute.resolve("secrets").resolve(client.group(1))));
        }
        environment.put("SHOP_MASTER_KEY", DemoFiles.masterKey(absolute.resolve("secrets").resolve("master-key")));
        String issuer = "https://localhost:" + ports.tokenServer();
        Path tokenServerFile = absolute.resolve("token-server.yaml");
        DemoFiles.writePublic(tokenServerFile, filled(template.replace("@ISSUER@", issuer)
                .replace("@PORT@", String.valueOf(ports.tokenServer()))
                .replace("@ADMIN_PORT@", String.valueOf(ports.tokenServerAdmin()))
                .replace("@STORAGE@", "jdbc:h2:file:" + absolute.resolve("db").resolve("apisec") + ";DB_CLOSE_ON_EXIT=FALSE")
                .replace("@CERTIFICATE@", DemoCertificates.CERTIFICATE)
                .replace("@PRIVATE_KEY@", DemoCertificates.PRIVATE_KEY)));
        Path gatewayFile = absolute.resolve("gateway.yaml");
        DemoFiles.writePublic(gatewayFile, gatewayConfig(issuer, ports));

        Vertx vertx = NetworkTransport.AUTO.start(
                transport -> Tracing.vertx(new VertxOptions(), transport, "apisec-demo", System.getenv()),
                (transport, failure) -> progress.accept("The " + transport.name() + " transport could not start ("
                        + failure.getMessage() + "); trying the next")).vertx();
        JwksKeySource keys = JwksKeySource.builder().issuer(URI.create(issuer)).sslContext(TrustedCertificates.of(absolute.resolve(DemoCertificates.CA))).build();
        AccessLogWriter accessLog = new AccessLogWriter(Files.newOutputStream(absolute.resolve("access.log"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                65_536, 16L * 1024 * 1024, Duration.ofMillis(50));
        DemoSystem system = new DemoSystem(absolute, ports, vertx, keys, accessLog);
        try {
            system.tokenServer = await(TokenServer.start(vertx, TokenServerConfig.load(tokenServerFile, environment),
                    Clock.systemUTC()), START_TIMEOUT);
            progress.accept("Token server ready:  " + issuer + "  (admin API https://localhost:"
                    + ports.tokenServerAdmin() + "; clients, claims: " + tokenServerFile + ")");
            system.startApis(issuer);
            progress.accept("Orders API ready:    https://localhost:" + ports.orders() + "  (verifies every JWT itself)");
            progress.accept("Inventory API ready: https://localhost:" + ports.inventory() + "  (internal)");
            GatewaySettings settings = GatewayConfig.load(gatewayFile, environment);
            system.gateway = await(Gateway.start(vertx, settings, accessLog,
                    () -> GatewayConfig.load(gatewayFile, environment)), START_TIMEOUT);
            system.tokenServer.addRevocationListener(notice -> system.gateway.applyRevocation(notice.toJson()));
            progress.accept("Gateway ready:       https://localhost:" + ports.gateway() + "  (routes: " + gatewayFile
                    + "; access log: " + absolute.resolve("access.log") + ")");
        } catch (Exception | Error e) {
            try {
                system.close();
            } catch (Exception alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
        return system;
    }

    /** The template with every placeholder filled: one left over would reach the token server as text. */
    private static String filled(String yaml) {
        Matcher left = PLACEHOLDER.matcher(yaml);
        if (left.find()) {
            throw new IllegalStateException("the token server template has a placeholder the demo does not fill: "
                    + left.group());
        }
        return yaml;
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
        apis.add(await(server.requestHandler(router).listen(), START_TIMEOUT));
    }

    /** The gateway in front of the Orders API: phantom tokens, a scope per method, a rate limit to see. */
    private static String gatewayConfig(String issuer, DemoPorts ports) {
        String orders = "https://localhost:" + ports.orders();
        return """
                # The demo's gateway, written anew by every apisec demo: copy it to change it (apisec gateway --config).
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

    private static String template() throws IOException {
        try (InputStream in = OrdersApi.class.getResourceAsStream("/io/apisec/examples/shop/token-server.yaml.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static <T> T await(Future<T> future, Duration timeout) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Stops the gateway first (no new requests), then the APIs, the token server they call, the key source and
     * Vert.x, each for at most a few seconds and each whether or not the one before stopped cleanly.
     */
    @Override
    public void close() throws Exception {
        List<Callable<?>> steps = new ArrayList<>();
        if (gateway != null) {
            steps.add(() -> await(gateway.close(), STOP_TIMEOUT));
        }
        apis.forEach(api -> steps.add(() -> await(api.close(), STOP_TIMEOUT)));
        if (tokenServer != null) {
            steps.add(() -> await(tokenServer.close(), STOP_TIMEOUT));
        }
        steps.add(() -> {
            keys.close();
            return null;
        });
        steps.add(() -> await(vertx.close(), STOP_TIMEOUT));
        steps.add(() -> {
            accessLog.close();
            return null;
        });
        Exception failed = null;
        for (Callable<?> step : steps) {
            try {
                step.call();
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
