package io.apisec.tokenserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/** A listener bound before the server is ready: alive, but nothing served until connected. */
class SwitchboardTest {

    private Vertx vertx;
    private HttpServer server;
    private WebClient client;
    private final Switchboard switchboard = new Switchboard();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer().requestHandler(switchboard).listen(0, "127.0.0.1"));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        await(vertx.close());
    }

    @Test
    void untilConnectedItIsAliveButNotServing() throws Exception {
        var token = await(client.post("/oauth/token").send());
        assertThat(token.statusCode()).isEqualTo(503);
        assertThat(token.getHeader("Retry-After")).isEqualTo("1");
        assertThat(token.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(await(client.get("/health/ready").send()).statusCode()).isEqualTo(503);
        assertThat(await(client.get("/health/live").send()).statusCode()).isEqualTo(200);

        switchboard.connect(request -> request.response().end("served"));

        assertThat(await(client.post("/oauth/token").send()).bodyAsString()).isEqualTo("served");
    }
}
