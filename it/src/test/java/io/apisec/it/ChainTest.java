package io.apisec.it;

import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain the way a client sees it, over TLS: an opaque token at the edge and a JWT inside; scopes refused
 * at the gateway, claims at the API; the API alone refusing whatever did not come with a valid JWT for it;
 * revocation, key rotation, rate limits and deny lists taking effect; the access log and metrics showing each.
 * Run embedded and, in the services profile, scaled out on PostgreSQL and Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChainTest {

    Chain chain;

    abstract Chain.Mode mode();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        chain = Chain.start(dir, mode());
    }

    @AfterAll
    void stop() throws Exception {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void theApiReceivesAJwtForTheOpaqueTokenAndNeverTheOpaqueTokenItself() throws Exception {
        String opaque = chain.token("alice-shop", "orders:read");
        int before = chain.ordersReceived.size();

        HttpResponse<Buffer> answer = chain.get(chain.gateway("/orders/o-1001"), opaque);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsJsonObject().getString("customer_id")).isEqualTo("c-1001");
        String received = chain.ordersReceived.get(before);
        assertThat(received).startsWith("Bearer ey").doesNotContain(opaque);
        JsonObject claims = claims(received.substring(7));
        assertThat(claims.getString("client_id")).isEqualTo("alice-shop");
        assertThat(claims.getString("customer_id")).isEqualTo("c-1001");
        JsonObject line = logLine(answer);
        assertThat(line.getInteger("status")).isEqualTo(200);
        assertThat(line.getString("route")).isEqualTo("orders");
        assertThat(line.getString("client_id")).isEqualTo("alice-shop");
        assertThat(line.containsKey("refused")).isFalse();
        assertThat(line.encode()).doesNotContain(opaque).doesNotContain(received.substring(7));
    }

    @Test
    void aScopeIsRefusedAtTheGatewayAndTheApiNeverSeesTheRequest() throws Exception {
        String reader = chain.token("alice-shop", "orders:read");
        String refusals = "apisec_gateway_refusals_total\\{.*reason=\"insufficient scope\".*}";
        double refusedBefore = count(metrics(), refusals);
        int before = chain.ordersReceived.size();

        HttpResponse<Buffer> answer = await(chain.client.postAbs(chain.gateway("/orders")).bearerTokenAuthentication(reader)
                .sendJsonObject(new JsonObject().put("sku", "milk-jug").put("quantity", 1)));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.getHeader("WWW-Authenticate")).contains("error=\"insufficient_scope\"");
        assertThat(chain.ordersReceived).hasSize(before);
        assertThat(logLine(answer).getString("refused")).isEqualTo("insufficient scope");
        assertThat(count(metrics(), refusals)).isEqualTo(refusedBefore + 1);
    }

    @Test
    void aClaimIsRefusedAtTheApi() throws Exception {
        String alice = chain.token("alice-shop", "orders:read");
        int before = chain.ordersReceived.size();
        String refusedByApi = "apisec_gateway_requests_seconds_count\\{.*route=\"orders\".*status=\"4xx\".*}";
        double countedBefore = count(metrics(), refusedByApi);

        HttpResponse<Buffer> answer = chain.get(chain.gateway("/orders/o-1003"), alice);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"orders-api\"");
        assertThat(chain.ordersReceived).as("the gateway let it through; the API said no").hasSize(before + 1);
        JsonObject line = logLine(answer);
        assertThat(line.getInteger("status")).as("the API's answer, in the gateway's log").isEqualTo(403);
        assertThat(line.containsKey("refused")).as("not a refusal of the gateway's").isFalse();
        assertThat(count(metrics(), refusedByApi)).isEqualTo(countedBefore + 1);
    }

    @Test
    void aDirectCallToTheApiWithoutAValidJwtForItIsRefused() throws Exception {
        String forged = TestTokens.accessToken(TestKeys.rsa("forged"), Clock.systemUTC()).claim("iss", chain.issuer)
                .scope("orders:read").claim("customer_id", "c-1001").sign();
        String forInventory = chain.token("stock-monitor", "inventory:read");
        assertThat(await(chain.client.getAbs(chain.orders("/orders/o-1001")).send()).statusCode()).isEqualTo(401);
        for (String token : new String[] {forged, forInventory, chain.token("alice-shop", "orders:read")}) {
            HttpResponse<Buffer> answer = chain.get(chain.orders("/orders/o-1001"), token);
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.getHeader("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
    }

    @Test
    void aRevokedTokenIsRefusedAtTheGatewayWithinTheDocumentedDelay() throws Exception {
        String opaque = chain.token("bob-shop", "orders:read");
        String inactive = "apisec_gateway_refusals_total\\{.*reason=\"token inactive\".*}";
        double inactiveBefore = count(metrics(), inactive);
        assertThat(chain.get(chain.gateway("/orders/o-1003"), opaque).statusCode()).isEqualTo(200);

        HttpResponse<Buffer> revoked = await(chain.client.postAbs(chain.issuer + "/oauth/revoke")
                .basicAuthentication("bob-shop", chain.secrets.get("bob-shop")).sendForm(form("token", opaque)));
        assertThat(revoked.statusCode()).isEqualTo(200);
        long revokedAt = System.nanoTime();

        // Embedded, the notice is applied before the revocation is answered; over Redis it travels a channel.
        long deadline = revokedAt + (mode() == Chain.Mode.EMBEDDED ? 0 : 2_000_000_000L);
        int status;
        do {
            status = chain.get(chain.gateway("/orders/o-1003"), opaque).statusCode();
        } while (status == 200 && System.nanoTime() < deadline && sleep());
        assertThat(status).isEqualTo(401);
        HttpResponse<Buffer> refused = chain.get(chain.gateway("/orders/o-1003"), opaque);
        assertThat(logLine(refused).getString("refused")).isEqualTo("token inactive");
        assertThat(count(metrics(), inactive)).as("the refusals counted").isGreaterThanOrEqualTo(inactiveBefore + 2);
        System.out.printf("%s: revoked token refused at the gateway %.1f ms after the revocation's answer%n", mode(),
                (System.nanoTime() - revokedAt) / 1e6);
    }

    @Test
    void aKeyRotationInTheMiddleOfASteadyStreamFailsNoRequest() throws Exception {
        Set<String> keysSeen = new HashSet<>();
        String admin = chain.token("admin", "apisec:admin");
        String failures = "apisec_gateway_requests_seconds_count\\{.*route=\"orders\".*status=\"5xx\".*}";
        double failuresBefore = count(metrics(), failures);
        int failed = 0;
        int sent = 0;
        long end = System.nanoTime() + 40_000_000_000L;
        while (System.nanoTime() < end && (keysSeen.size() < 2 || sent < 20)) {
            if (sent == 5) {
                HttpResponse<Buffer> rotated = await(chain.client.postAbs(adminUrl("/admin/keys/rotate"))
                        .bearerTokenAuthentication(admin).send());
                assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
            }
            int before = chain.ordersReceived.size();
            int status = chain.get(chain.gateway("/orders/o-1001"), chain.token("alice-shop", "orders:read")).statusCode();
            sent++;
            if (status != 200) {
                failed++;
            } else {
                String jwt = chain.ordersReceived.get(before).substring(7);
                keysSeen.add(new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
                        StandardCharsets.UTF_8)).getString("kid"));
            }
            Thread.sleep(100);
        }
        assertThat(failed).as("failed requests of %d", sent).isZero();
        assertThat(keysSeen).as("the stream saw the new key sign").hasSize(2);
        assertThat(count(metrics(), failures)).as("no failure in the gateway's metrics either").isEqualTo(failuresBefore);
    }

    @Test
    void aRateLimitAndADenyListEntryTakeEffectAndTheMetricsCountThem() throws Exception {
        String alice = chain.token("alice-shop", "orders:read");
        int[] statuses = new int[6];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = chain.get(chain.gateway("/whoami"), alice).statusCode();
        }
        assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 429);

        String gatewayAdmin = chain.token("gateway-admin", "gateway:admin gateway:metrics");
        String denyList = "https://localhost:" + chain.gateway.adminPort() + "/deny/clients";
        try {
            HttpResponse<Buffer> denied = await(chain.client.postAbs(denyList).bearerTokenAuthentication(gatewayAdmin)
                    .sendJsonObject(new JsonObject().put("entry", "support-desk")));
            assertThat(denied.statusCode()).isIn(200, 201);
            assertThat(chain.get(chain.gateway("/orders/o-1001"), chain.token("support-desk", "orders:read"))
                    .statusCode()).isEqualTo(403);
            assertThat(chain.get(chain.gateway("/orders/o-1001"), chain.token("alice-shop", "orders:read"))
                    .statusCode()).as("others pass").isEqualTo(200);
        } finally {
            // A shared deny list outlives the run: the entry goes whatever happened above.
            assertThat(await(chain.client.deleteAbs(denyList + "?entry=support-desk")
                    .bearerTokenAuthentication(gatewayAdmin).send()).statusCode()).isEqualTo(204);
        }
        assertThat(chain.get(chain.gateway("/orders/o-1001"), chain.token("support-desk", "orders:read")).statusCode())
                .as("removed, the client passes again").isEqualTo(200);

        String metrics = await(chain.client.getAbs("https://localhost:" + chain.gateway.adminPort() + "/metrics")
                .bearerTokenAuthentication(gatewayAdmin).send()).bodyAsString();
        assertThat(metrics).containsPattern("apisec_gateway_refusals_total\\{.*reason=\"rate limited\".*} [1-9]")
                .containsPattern("apisec_gateway_refusals_total\\{.*reason=\"blocked identity\".*} [1-9]");
        eventually(() -> assertThat(chain.accessLog).anyMatch(line -> line.contains("\"refused\":\"rate limited\""))
                .anyMatch(line -> line.contains("\"refused\":\"blocked identity\"")
                        && line.contains("\"client_id\":\"support-desk\"")));
    }

    /** The gateway's access-log line for a response it gave, found by its request id. */
    private JsonObject logLine(HttpResponse<Buffer> response) throws InterruptedException {
        String id = response.getHeader("X-Request-Id");
        assertThat(id).as("the gateway's request id").isNotNull();
        String needle = "\"request_id\":\"" + id + "\"";
        eventually(() -> assertThat(chain.accessLog).anyMatch(line -> line.contains(needle)));
        return new JsonObject(chain.accessLog.stream().filter(line -> line.contains(needle)).findFirst().orElseThrow());
    }

    /** The gateway's metrics, as its administrators read them. */
    private String metrics() throws Exception {
        return await(chain.client.getAbs("https://localhost:" + chain.gateway.adminPort() + "/metrics")
                .bearerTokenAuthentication(chain.token("gateway-admin", "gateway:metrics")).send()).bodyAsString();
    }

    /** The value of the first series matching {@code series} (a regular expression), 0 when there is none. */
    private static double count(String metrics, String series) {
        Matcher matcher = Pattern.compile("^" + series + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** The access log's line is written as the response ends, which may be after the client has it. */
    private static void eventually(Runnable assertion) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(20);
            }
        }
    }

    private String adminUrl(String path) {
        return "https://localhost:" + chain.tokenServer.adminPort() + path;
    }

    private static JsonObject claims(String jwt) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(20);
        return true;
    }
}
