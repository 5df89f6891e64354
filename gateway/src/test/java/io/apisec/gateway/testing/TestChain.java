package io.apisec.gateway.testing;

import io.apisec.gateway.GatewaySettings;
import io.apisec.gateway.NetworkTransport;
import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.block.InvalidTokenBudget;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static io.apisec.tokenserver.testing.TestServers.await;

/** What a gateway test stands between: a real token server (in-memory H2) and an HTTPS upstream. */
public final class TestChain {

    private TestChain() {
    }

    /** A Vert.x on the gateway's default transport (epoll where there is one), as in production. */
    public static Vertx vertx() {
        return Vertx.builder().withTransport(NetworkTransport.AUTO.select()).build();
    }

    /** A token server on a free port, its issuer {@code https://localhost:<port>}, its TLS files in {@code dir}. */
    public static TokenServer tokenServer(Vertx vertx, Path dir) throws Exception {
        return tokenServer(vertx, dir, Map.of());
    }

    /** As {@link #tokenServer(Vertx, Path)}, with configuration overrides ({@code APISEC_*} variables). */
    public static TokenServer tokenServer(Vertx vertx, Path dir, Map<String, String> overrides) throws Exception {
        int port = TestServers.freePort();
        return TestServers.start(vertx, TestServers.config(dir, issuer(port).toString(), port,
                TestServers.memoryDatabase("chain"), overrides));
    }

    /**
     * A gateway's settings on free ports (its admin listener too), with the test certificate, in front of the
     * token server at {@code issuer} ({@code tokenServer} wrote the certificate files to {@code dir}).
     */
    public static GatewaySettings settings(Path dir, URI issuer, List<Route> routes, DenyList deny,
                                           Optional<GatewaySettings.SharedStore> redis) {
        return new GatewaySettings("localhost", 0, GatewaySettings.DEFAULT_LISTENERS, NetworkTransport.AUTO,
                dir.resolve("server.pem"), dir.resolve("server-key.pem"), dir.resolve("server.pem"), issuer, "gateway",
                TestServers.GATEWAY_SECRET, Duration.ofMinutes(5), routes, deny, InvalidTokenBudget.DEFAULT, redis,
                new GatewaySettings.Admin("localhost", 0, GatewaySettings.Admin.DEFAULT.audience()));
    }

    /** A token for the test token server's {@code partner} client, by the client-credentials grant. */
    public static String partnerToken(WebClient toTokenServer) throws Exception {
        return TestServers.await(toTokenServer.post("/oauth/token").basicAuthentication("partner",
                TestServers.PARTNER_SECRET).sendForm(TestServers.form("grant_type", "client_credentials")))
                .bodyAsJsonObject().getString("access_token");
    }

    public static URI issuer(int port) {
        return URI.create("https://localhost:" + port);
    }

    /** An HTTPS upstream on localhost with the test certificate, answering with {@code handler}. */
    public static HttpServer upstream(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
        // Headers far larger than the gateway takes: a request the gateway should have refused reaches the handler.
        return await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setMaxHeaderSize(256 * 1024)
                .setKeyCertOptions(
                        new PemKeyCertOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))
                                .addKeyValue(Buffer.buffer(TestTls.get().privateKeyPem()))))
                .requestHandler(handler).listen(0, "localhost"));
    }

    /**
     * Stops what a test started, in order: its clients, then each part as listed (the gateway before its upstreams,
     * the token server last), then Vert.x.
     */
    public static void stop(Vertx vertx, List<WebClient> clients, List<Supplier<Future<?>>> parts) throws Exception {
        clients.forEach(WebClient::close);
        for (Supplier<Future<?>> part : parts) {
            await(part.get());
        }
        await(vertx.close());
    }
}
