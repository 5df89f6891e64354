package io.apisec.tokenserver.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Slow clients on a plain listener, with short timeouts: 1 s for headers and bodies, 2 s between requests. */
class HeaderDeadlineTest {

    private Vertx vertx;
    private HeaderDeadline deadline;
    private HttpServer server;
    private NetClient net;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        deadline = new HeaderDeadline(vertx, Duration.ofSeconds(1), Duration.ofSeconds(2));
        server = await(deadline.install(vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                .setHttp2ClearTextEnabled(false)), request -> request.end()
                .onComplete(done -> request.response().end("ok"))).listen(0, "127.0.0.1"));
        net = vertx.createNetClient();
    }

    @AfterEach
    void stop() throws Exception {
        deadline.close();
        await(vertx.close());
    }

    /** How long the server kept the connection after {@code first}, with {@code trickle} every 200 ms. */
    private Duration heldFor(String first, String trickle) throws Exception {
        NetSocket socket = await(net.connect(server.actualPort(), "127.0.0.1"));
        CompletableFuture<Long> closed = new CompletableFuture<>();
        long opened = System.nanoTime();
        socket.closeHandler(v -> closed.complete(System.nanoTime() - opened));
        socket.write(first);
        long timer = vertx.setPeriodic(200, id -> socket.write(trickle));
        try {
            return Duration.ofNanos(closed.get(10, TimeUnit.SECONDS));
        } finally {
            vertx.cancelTimer(timer);
        }
    }

    @Test
    void aKeptAliveConnectionTricklingItsNextRequestIsClosedAtTheKeepAliveTimeout() throws Exception {
        Duration held = heldFor("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n", "X");

        assertThat(held).isBetween(Duration.ofMillis(1800), Duration.ofSeconds(4));
    }

    @Test
    void aFirstRequestTricklingItsHeadersIsClosedAtTheHeaderTimeout() throws Exception {
        assertThat(heldFor("GET /a HTTP/1.1\r\n", "X")).isBetween(Duration.ofMillis(800), Duration.ofSeconds(3));
    }

    @Test
    void aBodyTricklingInIsClosedAtTheHeaderTimeout() throws Exception {
        assertThat(heldFor("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", "x"))
                .isBetween(Duration.ofMillis(800), Duration.ofSeconds(3));
    }

    @Test
    void aQuickClientIsServedOnOneConnectionAsLongAsItKeepsAsking() throws Exception {
        NetSocket socket = await(net.connect(server.actualPort(), "127.0.0.1"));
        StringBuilder answers = new StringBuilder();
        socket.handler(buffer -> answers.append(buffer.toString()));
        for (int i = 0; i < 5; i++) {
            socket.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(600);
        }
        assertThat(answers.toString().split("200 OK", -1)).hasSize(6);
    }
}
