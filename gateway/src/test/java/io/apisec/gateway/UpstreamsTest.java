package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.Upstreams;
import io.apisec.gateway.testing.TestChain;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's upstreams, end to end: taken in turn, an unreachable one passed over (nothing was sent, the next
 * one takes the request), 502 when none can be reached, 504 when the upstream stays silent past the route's
 * response timeout, mutual TLS to an upstream that requires the gateway's certificate, and a route's own trust
 * store in place of the gateway's.
 */
class UpstreamsTest {

    @TempDir
    static Path dir;
    private static Vertx vertx;
    private static TokenServer tokenServer;
    private static HttpServer first;
    private static HttpServer second;
    private static HttpServer silent;
    private static HttpServer mutual;
    private static HttpServer reader;
    private static HttpServer foreign;
    private static Gateway gateway;
    private static WebClient toGateway;
    private static final AtomicInteger firstHits = new AtomicInteger();
    private static final AtomicInteger secondHits = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        vertx = TestChain.vertx();
        tokenServer = TestChain.tokenServer(vertx, dir);
        first = TestChain.upstream(vertx, request -> {
            firstHits.incrementAndGet();
            request.response().end("first");
        });
        second = TestChain.upstream(vertx, request -> {
            secondHits.incrementAndGet();
            request.response().end("second " + request.uri());
        });
        silent = TestChain.upstream(vertx, request -> { }); // takes the request, never answers
        reader = TestChain.upstream(vertx, request -> request.body().onSuccess(body ->
                request.response().end("read " + body.length())));
        mutual = await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
                        .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))
                                .addKeyValue(Buffer.buffer(TestTls.get().privateKeyPem())))
                        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))))
                .requestHandler(request -> request.response().end("mutual")).listen(0, "localhost"));
        // An upstream whose certificate chains to another authority than the gateway's trusted certificates.
        KeyPair foreignKey = KeyPairGenerator.getInstance("EC").generateKeyPair();
        String foreignCertificate = pem("CERTIFICATE", TestTls.selfSigned(foreignKey, "SHA256withECDSA").getEncoded());
        Files.writeString(dir.resolve("foreign-ca.pem"), foreignCertificate);
        foreign = await(vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                        .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(foreignCertificate))
                                .addKeyValue(Buffer.buffer(pem("PRIVATE KEY", foreignKey.getPrivate().getEncoded())))))
                .requestHandler(request -> request.response().end("foreign")).listen(0, "localhost"));
        Optional<Path> foreignTrust = Optional.of(dir.resolve("foreign-ca.pem"));
        URI dead = URI.create("https://localhost:" + TestServers.freePort());
        Upstreams.ClientCertificate certificate = new Upstreams.ClientCertificate(dir.resolve("server.pem"),
                dir.resolve("server-key.pem"));
        List<Route> routes = List.of(
                route("pair", new Upstreams(List.of(url(first), URI.create(url(second) + "/base")),
                        Upstreams.DEFAULT_CONNECT_TIMEOUT, Upstreams.DEFAULT_RESPONSE_TIMEOUT, Optional.empty())),
                route("failover", new Upstreams(List.of(dead, url(first)), Upstreams.DEFAULT_CONNECT_TIMEOUT,
                        Upstreams.DEFAULT_RESPONSE_TIMEOUT, Optional.empty())),
                route("dead", Upstreams.of(dead)),
                route("slow", new Upstreams(List.of(url(silent)), Upstreams.DEFAULT_CONNECT_TIMEOUT,
                        Duration.ofMillis(500), Optional.empty())),
                Route.builder("upload", "/upload").methods(HttpMethod.POST).upstreams(new Upstreams(List.of(url(reader)),
                        Upstreams.DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(500), Optional.empty()))
                        .publicBecause("upstream tests").build(),
                route("mutual", new Upstreams(List.of(url(mutual)), Upstreams.DEFAULT_CONNECT_TIMEOUT,
                        Upstreams.DEFAULT_RESPONSE_TIMEOUT, Optional.of(certificate))),
                route("nocert", Upstreams.of(url(mutual))),
                route("foreign", Upstreams.of(url(foreign))),
                route("trusting", new Upstreams(List.of(url(foreign)), Upstreams.DEFAULT_CONNECT_TIMEOUT,
                        Upstreams.DEFAULT_RESPONSE_TIMEOUT, Optional.empty(), foreignTrust)),
                route("narrowed", new Upstreams(List.of(url(first)), Upstreams.DEFAULT_CONNECT_TIMEOUT,
                        Upstreams.DEFAULT_RESPONSE_TIMEOUT, Optional.empty(), foreignTrust)));
        gateway = await(Gateway.start(vertx, TestChain.settings(dir, TestChain.issuer(tokenServer.port()), routes,
                DenyList.empty(), Optional.empty()), line -> { }, null));
        toGateway = TestServers.client(vertx, gateway.port());
    }

    private static Route route(String name, Upstreams upstreams) {
        return Route.builder(name, "/" + name).upstreams(upstreams).publicBecause("upstream tests").build();
    }

    private static URI url(HttpServer server) {
        return URI.create("https://localhost:" + server.actualPort());
    }

    @AfterAll
    static void stop() throws Exception {
        toGateway.close();
        await(gateway.close());
        for (HttpServer server : List.of(first, second, silent, mutual, reader, foreign)) {
            await(server.close());
        }
        await(tokenServer.close());
        await(vertx.close());
    }

    @Test
    void theUpstreamsTakeRequestsInTurnEachAtItsOwnBasePath() throws Exception {
        int firstBefore = firstHits.get();
        int secondBefore = secondHits.get();
        for (int i = 0; i < 10; i++) {
            HttpResponse<Buffer> response = await(toGateway.get("/pair/" + i).send());
            assertThat(response.statusCode()).isEqualTo(200);
            if (response.bodyAsString().startsWith("second")) {
                assertThat(response.bodyAsString()).isEqualTo("second /base/pair/" + i);
            }
        }
        assertThat(firstHits.get() - firstBefore).isEqualTo(5);
        assertThat(secondHits.get() - secondBefore).isEqualTo(5);
    }

    @Test
    void anUnreachableUpstreamIsPassedOverAndNoneReachableIs502() throws Exception {
        for (int i = 0; i < 6; i++) {
            HttpResponse<Buffer> response = await(toGateway.get("/failover").send());
            assertThat(response.statusCode()).as("the next upstream takes it").isEqualTo(200);
            assertThat(response.bodyAsString()).isEqualTo("first");
        }
        HttpResponse<Buffer> none = await(toGateway.get("/dead").send());
        assertThat(none.statusCode()).isEqualTo(502);
        assertThat(none.bodyAsJsonObject().getString("error")).isEqualTo("bad_gateway");
        assertThat(none.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void anUpstreamSilentPastTheResponseTimeoutIs504() throws Exception {
        long started = System.nanoTime();
        HttpResponse<Buffer> response = await(toGateway.get("/slow").send());
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("upstream_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the route's timeout, not the default 30 s")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void anUploadSlowerThanTheResponseTimeoutIsNotTheUpstreamsSilence() throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(TestTls.get().certificatePem()))));
        try {
            HttpClientRequest request = await(client.request(new RequestOptions().setMethod(HttpMethod.POST)
                    .setHost("localhost").setPort(gateway.port()).setURI("/upload")));
            request.setChunked(true);
            // Read on the event loop as it arrives: a body awaited later from this thread could be missed.
            Future<String> answer = request.response()
                    .compose(response -> response.body().map(body -> response.statusCode() + " " + body));
            // Five chunks, 300 ms apart: 1.2 s of upload against a 500 ms response timeout.
            for (int i = 0; i < 5; i++) {
                await(request.write("chunk-" + i));
                Thread.sleep(300);
            }
            await(request.end());
            assertThat(await(answer)).isEqualTo("200 read 35");
        } finally {
            await(client.close());
        }
    }

    @Test
    void anUpstreamThatRequiresTheGatewaysCertificateGetsIt() throws Exception {
        HttpResponse<Buffer> withCertificate = await(toGateway.get("/mutual").send());
        assertThat(withCertificate.statusCode()).isEqualTo(200);
        assertThat(withCertificate.bodyAsString()).isEqualTo("mutual");
        assertThat(await(toGateway.get("/nocert").send()).statusCode()).as("a route without one is refused by it")
                .isEqualTo(502);
    }

    @Test
    void aRoutesTrustStoreAloneDecidesWhichUpstreamCertificatesAreTrusted() throws Exception {
        assertThat(await(toGateway.get("/foreign").send()).statusCode())
                .as("another authority, not in the gateway's trusted certificates").isEqualTo(502);
        HttpResponse<Buffer> trusted = await(toGateway.get("/trusting").send());
        assertThat(trusted.statusCode()).isEqualTo(200);
        assertThat(trusted.bodyAsString()).isEqualTo("foreign");
        int before = firstHits.get();
        assertThat(await(toGateway.get("/narrowed").send()).statusCode())
                .as("the route's trust store replaces the gateway's, it does not add to it").isEqualTo(502);
        assertThat(firstHits.get()).isEqualTo(before);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
