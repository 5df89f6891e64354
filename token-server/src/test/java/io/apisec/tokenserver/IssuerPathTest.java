package io.apisec.tokenserver;

import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static io.apisec.tokenserver.testing.TestServers.await;
import static io.apisec.tokenserver.testing.TestServers.form;
import static org.assertj.core.api.Assertions.assertThat;

/** An issuer with a path: the endpoints are served where the metadata (RFC 8414 §3.1) says they are. */
class IssuerPathTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer server;
    private static WebClient client;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        int port = TestServers.freePort();
        issuer = "https://localhost:" + port + "/tenant-a";
        vertx = Vertx.vertx();
        server = TestServers.start(vertx, TestServers.config(dir, issuer, port,
                TestServers.memoryDatabase("ip")));
        client = TestServers.client(vertx, server.port());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        await(server.close());
        await(vertx.close());
    }

    @Test
    void metadataIsAtTheWellKnownPathFollowedByTheIssuersPathAndNamesEndpointsThatAnswer() throws Exception {
        var metadata = await(client.get("/.well-known/oauth-authorization-server/tenant-a").send());
        assertThat(metadata.statusCode()).isEqualTo(200);
        JsonObject body = metadata.bodyAsJsonObject();
        assertThat(body.getString("issuer")).isEqualTo(issuer);
        String tokenEndpoint = body.getString("token_endpoint");
        assertThat(tokenEndpoint).isEqualTo(issuer + "/oauth/token");

        var token = await(client.post(URI.create(tokenEndpoint).getPath())
                .basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials")));
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.bodyAsJsonObject().getString("access_token")).isNotBlank();
        assertThat(await(client.get(URI.create(body.getString("jwks_uri")).getPath()).send()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void theRootServesNoOAuthEndpointButStillTheHealthChecks() throws Exception {
        assertThat(await(client.post("/oauth/token").basicAuthentication("partner", TestServers.PARTNER_SECRET)
                .sendForm(form("grant_type", "client_credentials"))).statusCode()).isEqualTo(404);
        assertThat(await(client.get("/.well-known/oauth-authorization-server").send()).statusCode()).isEqualTo(404);
        var missing = await(client.get("/nothing").send());
        assertThat(missing.bodyAsJsonObject().getString("detail"))
                .contains("/.well-known/oauth-authorization-server/tenant-a");
        assertThat(await(client.get("/health/ready").send()).statusCode()).isEqualTo(200);
    }
}
