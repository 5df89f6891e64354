package io.apisec.it;

import io.apisec.examples.shop.inventory.InventoryApi;
import io.apisec.examples.shop.inventory.Stock;
import io.apisec.examples.shop.orders.InventoryClient;
import io.apisec.examples.shop.orders.OrderStore;
import io.apisec.examples.shop.orders.OrdersApi;
import io.apisec.gateway.Gateway;
import io.apisec.gateway.config.GatewayConfig;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.config.TokenServerConfig;
import io.apisec.tokenserver.testing.TestServers;
import io.apisec.tracing.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;

/**
 * The whole architecture for the end-to-end tests, over TLS on loopback, as {@code apisec demo} runs it: the token
 * server (the shop's template), the Orders and Inventory APIs verifying every JWT themselves, and the gateway in
 * front of Orders (phantom tokens). Embedded: H2 in memory, the gateway's cache and limits in process, revocations
 * by a direct call. Scaled out: PostgreSQL (a schema of its own) and Redis (the gateway's shared cache, limits and
 * deny list; revocations announced on a channel of its own), the machine's services.
 */
final class Chain implements AutoCloseable {

    enum Mode { EMBEDDED, SCALED_OUT }

    static final String PG_URL = System.getenv().getOrDefault("APISEC_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String REDIS_URL = System.getenv().getOrDefault("APISEC_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final Pattern CLIENT = Pattern.compile("- id: (\\S+)\\R\\s+secret-env: (\\S+)");

    final Mode mode;
    final Path dir;
    final Vertx vertx;
    final String issuer;
    final Map<String, String> secrets = new HashMap<>();
    /** Every Authorization header the Orders API received, as it received it. */
    final List<String> ordersReceived = new CopyOnWriteArrayList<>();
    final List<String> accessLog = new CopyOnWriteArrayList<>();
    final WebClient client;
    TokenServer tokenServer;
    HttpServer orders;
    HttpServer inventory;
    Gateway gateway;
    private JwksKeySource keys;
    private final String schema;

    /** Starts it all; what started is stopped again when a later part fails. */
    static Chain start(Path dir, Mode mode) throws Exception {
        return start(dir, mode, null);
    }

    /** @param openTelemetry traces every component's HTTP requests with it; null: no tracing */
    static Chain start(Path dir, Mode mode, OpenTelemetry openTelemetry) throws Exception {
        Chain chain = new Chain(dir, mode, openTelemetry);
        try {
            chain.startParts();
            return chain;
        } catch (Exception | Error e) {
            try {
                chain.close();
            } catch (Exception alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw e;
        }
    }

    private Chain(Path dir, Mode mode, OpenTelemetry openTelemetry) {
        this.dir = dir;
        this.mode = mode;
        vertx = openTelemetry == null ? Vertx.vertx() : Tracing.vertx(new VertxOptions(), openTelemetry);
        client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
        issuer = "https://localhost:" + TestServers.freePort();
        schema = mode == Mode.SCALED_OUT ? "apisec_it_" + UUID.randomUUID().toString().replace("-", "") : null;
    }

    private void startParts() throws Exception {
        Files.writeString(dir.resolve("server.pem"), TestTls.get().certificatePem());
        Files.writeString(dir.resolve("server-key.pem"), TestTls.get().privateKeyPem());
        int port = URI.create(issuer).getPort();
        String channel = "apisec:it:" + UUID.randomUUID();
        String storage = mode == Mode.EMBEDDED ? TestServers.memoryDatabase("it")
                : PG_URL + "?currentSchema=" + schema + "\n  username: postgres";
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
        }
        String template = template();
        Map<String, String> environment = new HashMap<>();
        Matcher clients = CLIENT.matcher(template);
        while (clients.find()) {
            String secret = clients.group(1) + "-secret-" + UUID.randomUUID();
            secrets.put(clients.group(1), secret);
            environment.put(clients.group(2), secret);
        }
        environment.put("SHOP_MASTER_KEY", TestServers.MASTER_KEY);
        // A rotated key is published 10 s before it signs: longer than the APIs' JWKS cache lives (below), so they
        // hold it before the first token it signs arrives, as a real deployment sizes them.
        environment.put("APISEC_KEYS_PREPUBLISH", "PT10S");
        Path tokenServerFile = dir.resolve("token-server.yaml");
        Files.writeString(tokenServerFile, template.replace("@ISSUER@", issuer).replace("@PORT@", String.valueOf(port))
                .replace("@ADMIN_PORT@", "0").replace("@STORAGE@", storage)
                .replace("@CERTIFICATE@", "server.pem").replace("@PRIVATE_KEY@", "server-key.pem")
                + (mode == Mode.SCALED_OUT ? "revocation-notices:\n  redis-url: " + REDIS_URL + "\n  channel: " + channel
                + "\n" : ""));
        tokenServer = await(TokenServer.start(vertx, TokenServerConfig.load(tokenServerFile, environment),
                Clock.systemUTC()));

        keys = JwksKeySource.builder().issuer(URI.create(issuer)).sslContext(TestTls.get().clientContext())
                .cacheTtl(Duration.ofSeconds(8)).refreshAhead(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1))
                .readTimeout(Duration.ofSeconds(2)).unknownKeyRefreshInterval(Duration.ofSeconds(5)).build();
        inventory = serve(InventoryApi.router(vertx, validator(InventoryApi.AUDIENCE), Stock.seeded()));
        Router recorded = Router.router(vertx);
        recorded.route().handler(context -> {
            ordersReceived.add(String.valueOf(context.request().getHeader("Authorization")));
            context.next();
        });
        recorded.route("/*").subRouter(OrdersApi.router(vertx, validator(OrdersApi.AUDIENCE), OrderStore.seeded(),
                new InventoryClient(client, URI.create(issuer + "/oauth/token"), OrdersApi.AUDIENCE,
                        secrets.get("orders-api"), URI.create("https://localhost:" + inventory.actualPort()),
                        Duration.ofSeconds(5))));
        orders = serve(recorded);

        Path gatewayFile = dir.resolve("gateway.yaml");
        Files.writeString(gatewayFile, gatewayConfig(channel));
        gateway = await(Gateway.start(vertx, GatewayConfig.load(gatewayFile, environment), accessLog::add, null));
        if (mode == Mode.EMBEDDED) {
            tokenServer.addRevocationListener(notice -> gateway.applyRevocation(notice.toJson()));
        }
    }

    /**
     * @param channel where revocations are announced when scaled out: this run's own
     */
    private String gatewayConfig(String channel) {
        // The rate limit's route is this run's own too: its budget in a shared Redis outlives the run.
        String run = channel.substring(channel.length() - 8);
        return """
                server:
                  host: localhost
                  port: 0
                  tls: {certificate: server.pem, private-key: server-key.pem}
                admin:
                  host: localhost
                  port: 0
                token-server:
                  issuer: %s
                  client-id: gateway
                  client-secret-env: SHOP_GATEWAY_SECRET
                  trust: server.pem
                routes:
                  - name: orders
                    path: /orders
                    methods: [GET, POST]
                    upstream: https://localhost:%d
                    auth: phantom
                    scopes: [orders:read]
                    scope-rules:
                      - methods: [POST]
                        scopes: [orders:write]
                  - name: whoami-%s
                    path: /whoami
                    methods: [GET]
                    upstream: https://localhost:%d
                    auth: phantom
                    rate-limit: {limit: 5, window: PT1H}
                """.formatted(issuer, orders.actualPort(), run, orders.actualPort())
                + (mode == Mode.SCALED_OUT ? "redis:\n  url: " + REDIS_URL + "\n  revocation-channel: " + channel + "\n" : "");
    }

    private JwtValidator validator(String audience) {
        return JwtValidator.builder().issuer(issuer).audience(audience).keySource(keys).build();
    }

    private HttpServer serve(Router router) throws Exception {
        return await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("localhost")
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(TestTls.get().certificatePem()))
                        .setKeyValue(Buffer.buffer(TestTls.get().privateKeyPem()))))
                .requestHandler(router).listen(0));
    }

    String gateway(String path) {
        return "https://localhost:" + gateway.port() + path;
    }

    String orders(String path) {
        return "https://localhost:" + orders.actualPort() + path;
    }

    /** A client-credentials token of {@code client}: opaque for the shop's customers, a JWT for internal clients. */
    String token(String client, String scope) throws Exception {
        HttpResponse<Buffer> answer = await(this.client.postAbs(issuer + "/oauth/token")
                .basicAuthentication(client, secrets.get(client))
                .sendForm(form("grant_type", "client_credentials", "scope", scope)));
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(client + ": " + answer.statusCode() + " " + answer.bodyAsString());
        }
        return answer.bodyAsJsonObject().getString("access_token");
    }

    HttpResponse<Buffer> get(String url, String token) throws Exception {
        return await(client.getAbs(url).bearerTokenAuthentication(token).send());
    }

    private static String template() throws Exception {
        try (InputStream in = OrdersApi.class.getResourceAsStream("/io/apisec/examples/shop/token-server.yaml.template")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Stops each part that started, each whether or not the one before stopped cleanly; drops the schema. */
    @Override
    public void close() throws Exception {
        List<Callable<?>> steps = new ArrayList<>();
        if (gateway != null) {
            steps.add(() -> await(gateway.close()));
        }
        if (tokenServer != null) {
            steps.add(() -> await(tokenServer.close()));
        }
        if (keys != null) {
            steps.add(() -> {
                keys.close();
                return null;
            });
        }
        steps.add(() -> await(vertx.close()));
        if (schema != null) {
            steps.add(() -> {
                try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
                     Statement s = c.createStatement()) {
                    return s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            });
        }
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
