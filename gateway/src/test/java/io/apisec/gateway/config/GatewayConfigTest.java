package io.apisec.gateway.config;

import io.apisec.gateway.GatewaySettings;
import io.apisec.gateway.NetworkTransport;
import io.apisec.gateway.block.InvalidTokenBudget;
import io.apisec.gateway.ratelimit.RateKey;
import io.apisec.gateway.route.Upstreams;
import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.testing.TestTls;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {

    private static final Map<String, String> ENV = Map.of("GATEWAY_SECRET", "s3cret-s3cret");

    @TempDir
    Path dir;
    private String example;

    @BeforeEach
    void files() throws IOException {
        example = Files.readString(Path.of("config/gateway.example.yaml"));
        for (String name : new String[] {"gateway.pem", "gateway-key.pem", "ca.pem"}) {
            Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n");
        }
        // A route's trust store is read at load: it must hold a certificate.
        Files.writeString(dir.resolve("internal-ca.pem"), TestTls.get().certificatePem());
    }

    @Test
    void theExampleFileLoads() throws IOException {
        GatewaySettings settings = load(example);
        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.introspectionSecret()).isEqualTo("s3cret-s3cret");
        assertThat(settings.cacheMaxTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.certificate()).isEqualTo(dir.resolve("gateway.pem"));
        assertThat(settings.routes()).extracting(Route::name)
                .containsExactly("orders", "order-items", "inventory", "status");
        Route items = settings.routes().get(1);
        assertThat(items.path().parameters()).containsExactly("id");
        assertThat(items.hosts()).containsExactly("api.example.com");
        assertThat(items.rewrite().path()).hasValueSatisfying(path -> assertThat(path.text()).isEqualTo("/v2/items/{id}"));
        assertThat(items.rewrite().setHeaders()).containsExactly(java.util.Map.entry("x-api-version", "2"));
        assertThat(items.rewrite().removeHeaders()).containsExactly("x-debug");
        Route orders = settings.routes().get(0);
        assertThat(orders.auth()).isEqualTo(AuthMethod.PHANTOM);
        assertThat(orders.requiredScopes()).containsExactly("orders:read");
        assertThat(orders.rateLimits()).hasSize(2);
        assertThat(orders.rateLimits().get(0).key()).isEqualTo(RateKey.CLIENT);
        assertThat(orders.rateLimits().get(0).policy()).satisfies(limit -> {
            assertThat(limit.name()).isEqualTo("orders.client");
            assertThat(limit.limit()).isEqualTo(100);
            assertThat(limit.burst()).isEqualTo(20);
        });
        assertThat(orders.rateLimits().get(1).key().label()).isEqualTo("owner");
        assertThat(orders.rateLimits().get(1).policy().name()).isEqualTo("orders.owner");
        assertThat(orders.scopesFor(HttpMethod.GET, null)).containsExactly("orders:read");
        assertThat(orders.scopesFor(HttpMethod.POST, "application/json")).containsExactly("orders:read", "orders:write");
        assertThat(orders.scopesFor(HttpMethod.POST, "text/csv"))
                .containsExactly("orders:read", "orders:write", "orders:import");
        assertThat(orders.maxBodyBytes()).isEqualTo(65536);
        assertThat(settings.routes().get(2).audience()).contains("inventory-api");
        Upstreams inventory = settings.routes().get(2).upstreams();
        assertThat(inventory.targets()).extracting(URI::toString)
                .containsExactly("https://localhost:9445", "https://localhost:9446");
        assertThat(inventory.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(inventory.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(inventory.clientCertificate()).contains(new Upstreams.ClientCertificate(dir.resolve("gateway.pem"),
                dir.resolve("gateway-key.pem")));
        assertThat(orders.upstreams().responseTimeout()).isEqualTo(Upstreams.DEFAULT_RESPONSE_TIMEOUT);
        assertThat(orders.upstreams().clientCertificate()).isEmpty();
        assertThat(inventory.trust()).contains(dir.resolve("internal-ca.pem"));
        assertThat(orders.upstreams().trust()).as("the gateway's own trusted certificates").isEmpty();
        assertThat(settings.routes().get(3).publicReason()).contains("the load balancer's health probe");
        assertThat(settings.deny().deniesAddress(new java.net.InetSocketAddress("198.51.100.9", 1))).isTrue();
        assertThat(settings.redis()).hasValueSatisfying(redis -> {
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:6379");
            assertThat(redis.failOpenToLocal()).isFalse();
            assertThat(redis.revocationChannel()).isEqualTo("apisec:revocations");
        });
        assertThatThrownBy(() -> load(example.replace("revocation-channel: apisec:revocations",
                "revocation-channel: a b")))
                .hasMessageContaining("redis.revocation-channel is \"a b\"");
        assertThatThrownBy(() -> load(example.replace("on-failure: closed", "on-failure: open")))
                .hasMessageContaining("redis.on-failure is \"open\"; choose closed (503) or local");
    }

    @Test
    void theInvalidTokenBudgetIsReadWithADefaultAndItsErrorsNamed() throws IOException {
        assertThat(load(example).invalidTokens()).satisfies(budget -> {
            assertThat(budget.limit()).isEqualTo(100);
            assertThat(budget.window()).isEqualTo(Duration.ofMinutes(1));
        });
        String tighter = example.replace("invalid-tokens: {limit: 100, window: PT1M}",
                "invalid-tokens: {limit: 5, window: PT10S}");
        assertThat(load(tighter).invalidTokens().limit()).isEqualTo(5);
        assertThat(load(tighter).invalidTokens().window()).isEqualTo(Duration.ofSeconds(10));
        String absent = example.replace("  invalid-tokens: {limit: 100, window: PT1M}\n", "");
        assertThat(absent).isNotEqualTo(example);
        assertThat(load(absent).invalidTokens()).isEqualTo(InvalidTokenBudget.DEFAULT);
        assertThatThrownBy(() -> load(example.replace("invalid-tokens: {limit: 100", "invalid-tokens: {limit: 0")))
                .hasMessageContaining("deny.invalid-tokens.limit");
        assertThatThrownBy(() -> load(example.replace("invalid-tokens: {limit: 100", "invalid-tokens: {limt: 100")))
                .hasMessageContaining("deny.invalid-tokens");
    }

    @Test
    void aDenyEntryThatIsNotAnAddressIsNamed() {
        assertThatThrownBy(() -> load(example.replace("192.0.2.7,", "evil.example,")))
                .hasMessageContaining("deny.addresses holds \"evil.example\" is not an IP address or network");
    }

    @Test
    void aTypoIsAnErrorNamingTheRouteAndTheKey() {
        assertThatThrownBy(() -> load(example.replace("    scopes: [orders:read]", "    scope: [orders:read]")))
                .isInstanceOf(GatewayConfigException.class)
                .hasMessageContaining("routes[orders].scope is not a known key");
    }

    @Test
    void aPublicRouteWithoutAReasonAndAJwtRouteWithoutAnAudienceAreRefused() {
        assertThatThrownBy(() -> load(example.replace("    reason: the load balancer's health probe   # required for public\n", "")))
                .hasMessageContaining("routes[status].auth").hasMessageContaining("written reason");
        assertThatThrownBy(() -> load(example.replace("    audience: inventory-api", "")))
                .hasMessageContaining("routes[inventory].auth").hasMessageContaining("audience");
    }

    @Test
    void anUnknownMethodAnAmbiguousPathAndAPlainHttpUpstreamAreRefused() {
        assertThatThrownBy(() -> load(example.replace("auth: phantom", "auth: basic")))
                .hasMessageContaining("routes[orders].auth is \"basic\"; choose one of phantom, jwt, public");
        assertThatThrownBy(() -> load(example.replace("trust: internal-ca.pem", "trust: missing-ca.pem")))
                .hasMessageContaining("routes[inventory].trust names").hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> load(example.replace("trust: internal-ca.pem", "trust: ca.pem")))
                .as("a file that is no PEM of certificates").hasMessageContaining("routes[inventory].trust names");
        assertThatThrownBy(() -> load(example.replace("trust: internal-ca.pem", "trust: .")))
                .as("a folder").hasMessageContaining("routes[inventory].trust names");
        assertThatThrownBy(() -> load(example.replaceFirst("    auth: phantom[^\n]*\n", "")))
                .as("deny by default: a route without an authentication method")
                .hasMessageContaining("routes[orders].auth");
        assertThatThrownBy(() -> load(example.replace("path: /orders", "path: /orders/../admin")))
                .hasMessageContaining("routes[orders].path is ambiguous (dot segment)");
        assertThatThrownBy(() -> load(example.replace("upstream: https://localhost:9444/api", "upstream: http://localhost:9444/api")))
                .hasMessageContaining("routes[orders].upstream").hasMessageContaining("https URL");
        assertThatThrownBy(() -> load(example.replace("name: status", "name: orders")))
                .hasMessageContaining("routes[orders].name is used by another route");
    }

    @Test
    void theSecretComesFromTheEnvironmentAndItsAbsenceSaysWhatToSet() throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, example);
        assertThatThrownBy(() -> GatewayConfig.load(file, Map.of()))
                .hasMessageContaining("token-server.client-secret-env names the environment variable GATEWAY_SECRET");
    }

    @Test
    void aBadDurationAndAMissingFileAreNamed() {
        assertThatThrownBy(() -> load(example.replace("max-ttl: PT5M", "max-ttl: 5 minutes")))
                .hasMessageContaining("cache.max-ttl is \"5 minutes\"; write an ISO-8601 duration");
        assertThatThrownBy(() -> load(example.replace("trust: ca.pem", "trust: missing.pem")))
                .hasMessageContaining("token-server.trust names").hasMessageContaining("cannot be read");
    }

    @Test
    void pathsHostsAndRewritesAreValidated() {
        assertThatThrownBy(() -> load(example.replace("path: /v2/items/{id}", "path: /v2/items/{item}")))
                .hasMessageContaining("the rewritten path uses a parameter its path does not have");
        assertThatThrownBy(() -> load(example.replace("set-headers: {x-api-version: \"2\"}",
                "set-headers: {authorization: x}"))).hasMessageContaining("header authorization is the gateway's to set");
        assertThatThrownBy(() -> load(example.replace("hosts: [api.example.com]", "hosts: [Api.Example.com]")))
                .hasMessageContaining("not a host name in lower case");
        assertThatThrownBy(() -> load(example.replace("path: /orders/{id}/items", "path: /orders/{id")))
                .hasMessageContaining("routes[order-items].path is \"/orders/{id\"");
        assertThatThrownBy(() -> load(example.replace("path: /orders/{id}/items", "path: /orders/%41/items")))
                .hasMessageContaining("routes[order-items].path is \"/orders/%41/items\"; write it decoded");
    }

    @Test
    void rateLimitKeysAndScopeRulesAreValidated() throws IOException {
        assertThatThrownBy(() -> load(example.replace("key: owner", "key: tenant")))
                .hasMessageContaining("routes[orders].rate-limit[1].key is \"tenant\"; choose client, subject, address,"
                        + " route, owner or claim:<name>");
        assertThatThrownBy(() -> load(example.replace("key: owner", "key: client")))
                .hasMessageContaining("routes[orders].rate-limit names one key twice");
        assertThatThrownBy(() -> load(example.replace("content-types: [text/csv]", "content-types: [CSV]")))
                .hasMessageContaining("routes[orders].scope-rules[1].scopes cannot be required: \"CSV\" is not a media"
                        + " type");
        assertThatThrownBy(() -> load(example.replace("      - methods: [POST]\n", "      - \n")))
                .hasMessageContaining("routes[orders].scope-rules[0]");
        GatewaySettings claimKeyed = load(example.replace("key: owner", "key: claim:tenant"));
        assertThat(claimKeyed.routes().get(0).rateLimits().get(1).policy().name()).isEqualTo("orders.claim-tenant");
    }

    @Test
    void theAdminListenerDefaultsToLoopbackAndCanBeMoved() throws IOException {
        assertThat(load(example).admin()).isEqualTo(GatewaySettings.Admin.DEFAULT);
        assertThat(GatewaySettings.Admin.DEFAULT.host()).isEqualTo("127.0.0.1");
        GatewaySettings moved = load(example.replace("cache:", "admin: {port: 9555, audience: ops}\ncache:"));
        assertThat(moved.admin()).isEqualTo(new GatewaySettings.Admin("127.0.0.1", 9555, "ops"));
        assertThatThrownBy(() -> load(example.replace("cache:", "admin: {prot: 9555}\ncache:")))
                .hasMessageContaining("admin.prot is not a known key");
    }

    @Test
    void environmentVariablesOverrideValuesByTheirKey() throws IOException {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("APISEC_GATEWAY_SERVER_PORT", "9000");
        env.put("APISEC_GATEWAY_ROUTES_ORDERS_UPSTREAM", "https://orders.internal:8443");
        env.put("APISEC_GATEWAY_ROUTES_ORDERS_METHODS", "[GET]");
        env.put("APISEC_GATEWAY_CACHE_MAX_TTL", "PT1M");
        env.put("APISEC_GATEWAY_DENY_CLIENTS", "[a, b]");
        GatewaySettings settings = load(example, env);
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.cacheMaxTtl()).isEqualTo(Duration.ofMinutes(1));
        Route orders = settings.routes().get(0);
        assertThat(orders.upstreams().targets()).extracting(URI::toString).containsExactly("https://orders.internal:8443");
        assertThat(orders.methods()).containsExactly(HttpMethod.GET);
        assertThat(settings.routes().get(2).upstreams().targets().get(0)).hasToString("https://localhost:9445");
        assertThatThrownBy(() -> load(example.replace("    upstreams:", "    upstream: https://x:1\n    upstreams:")))
                .hasMessageContaining("routes[inventory].upstream or upstreams: name exactly one of them");
        assertThatThrownBy(() -> load(example.replace("      - https://localhost:9446", "      - http://localhost:9446")))
                .hasMessageContaining("routes[inventory].upstreams is \"http://localhost:9446\"");
        assertThatThrownBy(() -> load(example.replace("      private-key: gateway-key.pem", "      private-key: nope.pem")))
                .hasMessageContaining("routes[inventory].client-certificate.private-key names");
        assertThat(settings.deny().clients()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anOverrideIsNeverSilentlyIgnored() throws IOException {
        String withoutDeny = example.substring(0, example.indexOf("# Who may not pass")) + example.substring(
                example.indexOf("# Deny by default"));
        assertThat(load(withoutDeny).deny().subjects()).isEmpty();
        GatewaySettings denied = load(withoutDeny, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_DENY_SUBJECTS",
                "[mallory]"));
        assertThat(denied.deny().subjects()).as("applied though the file has no deny section").contains("mallory");

        assertThatThrownBy(() -> load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_PROT", "1")))
                .hasMessageContaining("APISEC_GATEWAY_SERVER_PROT names no key of the configuration");
        assertThatThrownBy(() -> load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_PORT", "~")))
                .hasMessageContaining("server.port is overridden by APISEC_GATEWAY_SERVER_PORT with a value that is not");
        assertThatThrownBy(() -> load(example.replace("name: inventory", "name: orders-v2").replace("name: status",
                "name: orders_v2"))).hasMessageContaining("shares its environment variables"
                + " (APISEC_GATEWAY_ROUTES_ORDERS_V2_*) with route orders-v2");
        assertThat(load(example.replace("client-secret-env: GATEWAY_SECRET", "client-secret-env: APISEC_GATEWAY_SECRET"),
                Map.of("APISEC_GATEWAY_SECRET", "s3cret")).introspectionSecret())
                .as("a secret's variable is no override").isEqualTo("s3cret");
    }

    @Test
    void theListenersAreOnePerCoreUnlessSetAndAReloadCannotChangeThem() throws IOException {
        assertThat(load(example).listeners()).isEqualTo(2);
        GatewaySettings byDefault = load(example.replace("  listeners: 2", "  # listeners"));
        assertThat(byDefault.listeners()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_LISTENERS", "1")).listeners())
                .isEqualTo(1);
        for (String count : new String[] {"0", "-1", "257", "two"}) {
            assertThatThrownBy(() -> load(example.replace("  listeners: 2", "  listeners: " + count)))
                    .as(count).hasMessageContaining("server.listeners");
        }
        int another = Runtime.getRuntime().availableProcessors() % GatewaySettings.MAX_LISTENERS + 1;
        assertThat(byDefault.restartNeededFor(load(example.replace("  listeners: 2", "  listeners: " + another))))
                .contains("server.listeners");
    }

    @Test
    void theTransportIsTheBestAvailableUnlessNamedAndAReloadCannotChangeIt() throws IOException {
        GatewaySettings byDefault = load(example);
        assertThat(byDefault.transport()).isEqualTo(NetworkTransport.AUTO);
        assertThat(load(example.replace("  listeners: 2", "  listeners: 2\n  transport: epoll")).transport())
                .isEqualTo(NetworkTransport.EPOLL);
        assertThat(load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_TRANSPORT", "nio")).transport())
                .isEqualTo(NetworkTransport.NIO);
        assertThatThrownBy(() -> load(example.replace("  listeners: 2", "  listeners: 2\n  transport: kqueue")))
                .hasMessageContaining("server.transport must be one of auto, io_uring, epoll, nio, was kqueue");
        assertThat(byDefault.restartNeededFor(load(example.replace("  listeners: 2",
                "  listeners: 2\n  transport: io_uring")))).contains("server.transport");
    }

    @Test
    void aBadOverrideNamesItsVariable() {
        assertThatThrownBy(() -> load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_PORT", "high")))
                .hasMessageContaining("server.port (set by APISEC_GATEWAY_SERVER_PORT) must be a whole number");
        assertThatThrownBy(() -> load(example, Map.of("GATEWAY_SECRET", "x",
                "APISEC_GATEWAY_ROUTES_ORDERS_UPSTREAM", "http://orders")))
                .hasMessageContaining("routes[orders].upstream (set by APISEC_GATEWAY_ROUTES_ORDERS_UPSTREAM) is");
        assertThatThrownBy(() -> load(example, Map.of("GATEWAY_SECRET", "x", "APISEC_GATEWAY_SERVER_HOST", "{a: 1}")))
                .hasMessageContaining("server.host is overridden by APISEC_GATEWAY_SERVER_HOST with a value that is not");
        assertThat(Section.overrideVariable("routes[orders-v2].max-body-bytes"))
                .isEqualTo("APISEC_GATEWAY_ROUTES_ORDERS_V2_MAX_BODY_BYTES");
    }

    private GatewaySettings load(String yaml) throws IOException {
        return load(yaml, ENV);
    }

    private GatewaySettings load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        return GatewayConfig.load(file, env);
    }
}
