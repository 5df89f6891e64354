package io.apisec.gateway.revocation;

import io.apisec.gateway.Gateway;
import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation reaching the gateway's cache at once, in the embedded setup (token server and gateway in one
 * process, notices by a direct call): a cached token, once revoked, is refused on its next use; a gateway that
 * does not hear the notices keeps serving it from its cache, which shows the notice is what evicted it.
 */
class RevocationNoticesTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer upstream;
    private static Gateway listening;
    private static Gateway deaf;
    private static WebClient toTokenServer;
    private static WebClient toListening;
    private static WebClient toDeaf;

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        toTokenServer = TestServers.client(vertx, tokenServer.port());
        upstream = TestChain.upstream(vertx, request -> request.response().end("ok"));
        List<Route> routes = List.of(Route.builder("orders", "/orders")
                .upstream(URI.create("https://localhost:" + upstream.actualPort())).phantom().scopes("orders:read")
                .build());
        URI issuer = TestChain.issuer(tokenServer.port());
        listening = await(Gateway.start(vertx, TestChain.settings(dir, issuer, routes, DenyList.empty(),
                Optional.empty()), line -> { }, null));
        deaf = await(Gateway.start(vertx, TestChain.settings(dir, issuer, routes, DenyList.empty(),
                Optional.empty()), line -> { }, null));
        tokenServer.addRevocationListener(notice -> listening.applyRevocation(notice.toJson()));
        toListening = TestServers.client(vertx, listening.port());
        toDeaf = TestServers.client(vertx, deaf.port());
    }

    @AfterAll
    static void stop() throws Exception {
        TestChain.stop(vertx, List.of(toListening, toDeaf, toTokenServer),
                List.of(listening::close, deaf::close, upstream::close, tokenServer::close));
    }

    @Test
    void aRevokedTokenIsRefusedOnItsNextUseNotAtCacheExpiry() throws Exception {
        String opaque = token("partner");
        assertThat(status(toListening, opaque)).isEqualTo(200);
        assertThat(status(toDeaf, opaque)).isEqualTo(200);

        assertThat(await(toTokenServer.post("/oauth/revoke").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("token", opaque))).statusCode()).isEqualTo(200);

        // The notice is applied before the revocation is answered: the very next request is refused.
        assertThat(status(toListening, opaque)).isEqualTo(401);
        assertThat(status(toDeaf, opaque)).as("served from the cache of a gateway that missed the notice")
                .isEqualTo(200);
    }

    @Test
    void disablingAClientRefusesEveryOneOfItsCachedTokens() throws Exception {
        String first = token("mobile");
        String second = token("mobile");
        String other = token("partner");
        for (String opaque : List.of(first, second, other)) {
            assertThat(status(toListening, opaque)).isEqualTo(200);
        }
        String admin = await(toTokenServer.post("/oauth/token").basicAuthentication("admin", TestServers.ADMIN_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
        WebClient toAdmin = TestServers.client(vertx, tokenServer.adminPort());
        try {
            assertThat(await(toAdmin.post("/admin/clients/mobile/disable").bearerTokenAuthentication(admin).send())
                    .statusCode()).isEqualTo(200);
        } finally {
            toAdmin.close();
        }

        assertThat(status(toListening, first)).isEqualTo(401);
        assertThat(status(toListening, second)).isEqualTo(401);
        assertThat(status(toListening, other)).as("another client's token stays").isEqualTo(200);
    }

    @Test
    void aNoticeThatIsNotOneChangesNothing() throws Exception {
        String opaque = token("partner");
        assertThat(status(toListening, opaque)).isEqualTo(200);
        assertThat(listening.applyRevocation(new JsonObject().put("type", "token").put("token_hash", "abc"))).isFalse();
        assertThat(listening.applyRevocation(new JsonObject().put("type", "everything"))).isFalse();
        assertThat(listening.applyRevocation(new JsonObject().put("type", "client").put("client_id", 7))).isFalse();
        assertThat(status(toListening, opaque)).isEqualTo(200);
    }

    private static int status(WebClient gateway, String opaque) throws Exception {
        return await(gateway.get("/orders/1").bearerTokenAuthentication(opaque).send()).statusCode();
    }

    private static String token(String client) throws Exception {
        return await(toTokenServer.post("/oauth/token").basicAuthentication(client, TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).bodyAsJsonObject().getString("access_token");
    }
}
