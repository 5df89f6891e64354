package io.apisec.gateway;

import io.apisec.gateway.block.DenyList;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.testing.TestChain;
import io.apisec.tokenserver.TokenServer;
import io.apisec.tokenserver.testing.TestServers;
import io.apisec.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.transport.Transport;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static io.apisec.tokenserver.testing.TestServers.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code server.transport}: what each setting gives, and the gateway doing its work on each transport. The rest of the
 * gateway's tests run on the default ({@code auto}: epoll on the machines apisec is built on).
 */
class NetworkTransportTest {

    @TempDir
    Path dir;

    @Test
    void namesAreTakenInAnyCaseAndAnUnknownOneListsTheChoices() {
        assertThat(NetworkTransport.named("io_uring")).isEqualTo(NetworkTransport.IO_URING);
        assertThat(NetworkTransport.named(" EPOLL ")).isEqualTo(NetworkTransport.EPOLL);
        assertThatThrownBy(() -> NetworkTransport.named("uring"))
                .hasMessage("must be one of auto, io_uring, epoll, nio, was uring");
    }

    @Test
    void autoTriesEveryTransportTheMachineCanUseBestFirstAndNioLast() {
        Transport forbidden = new FakeTransport("io_uring", false);
        Transport epoll = new FakeTransport("epoll", true);
        assertThat(NetworkTransport.usable(Arrays.asList(forbidden, epoll), Transport.NIO))
                .containsExactly(epoll, Transport.NIO);
        assertThat(NetworkTransport.usable(Arrays.asList(null, epoll), Transport.NIO))
                .as("a transport whose classes are missing").containsExactly(epoll, Transport.NIO);
        assertThat(NetworkTransport.usable(Arrays.asList(forbidden, null), Transport.NIO))
                .containsExactly(Transport.NIO);
        assertThat(NetworkTransport.AUTO.candidates()).endsWith(Transport.NIO);
        assertThat(NetworkTransport.NIO.candidates()).containsExactly(Transport.NIO);
    }

    @Test
    void theGatewayShipsEpollAndIoUringAndAutoTakesEpoll() {
        assumeTrue(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64"),
                "Netty's native libraries here are for Linux on x86-64");
        assertThat(Transport.EPOLL).as("netty-transport-native-epoll on the class path").isNotNull();
        assertThat(Transport.EPOLL.available()).as("epoll loads").isTrue();
        assertThat(NetworkTransport.AUTO.select()).as("io_uring only when named").isSameAs(Transport.EPOLL);
        assertThat(Transport.IO_URING).as("netty-transport-native-io_uring on the class path").isNotNull();
        if (!Transport.IO_URING.available()) { // a kernel or a container may forbid it; its library must still load
            assertThat(Transport.IO_URING.unavailabilityCause()).isNotInstanceOf(UnsatisfiedLinkError.class);
        }
    }

    @Test
    void aTransportThatCannotMakeItsEventLoopsGivesWayToTheNextAndTheLastOneFailing() throws Exception {
        Transport broken = new FakeTransport("io_uring", true);
        List<Transport> gaveWay = new ArrayList<>();
        Vertx nio = Vertx.vertx();
        try {
            NetworkTransport.Started started = NetworkTransport.startFirst(List.of(broken, Transport.NIO),
                    transport -> {
                        if (transport == broken) {
                            throw new IllegalStateException("failed to create a child event loop");
                        }
                        return nio;
                    }, (transport, failure) -> gaveWay.add(transport));
            assertThat(started.vertx()).isSameAs(nio);
            assertThat(started.transport()).isSameAs(Transport.NIO);
            assertThat(gaveWay).containsExactly(broken);
        } finally {
            await(nio.close());
        }
        assertThatThrownBy(() -> NetworkTransport.startFirst(List.of(broken), transport -> {
            throw new IllegalStateException("failed to create a child event loop");
        }, (transport, failure) -> gaveWay.add(transport))).hasMessage("failed to create a child event loop");
    }

    @Test
    void aTracedVertxRunsOnTheTransportAsked() throws Exception {
        Transport transport = NetworkTransport.AUTO.select();
        // The SDK reads the process's own variables, which a test cannot set, and system properties, which it can.
        System.setProperty("otel.traces.exporter", "console");
        Vertx vertx;
        try {
            vertx = Tracing.vertx(new VertxOptions(), transport, "apisec-test",
                    Map.of("OTEL_TRACES_EXPORTER", "console"));
        } finally {
            System.clearProperty("otel.traces.exporter");
        }
        try {
            assertThat(((VertxInternal) vertx).tracer()).as("traced").isNotNull();
            assertThat(((VertxInternal) vertx).transport().getClass())
                    .isSameAs(transport.implementation().getClass());
        } finally {
            await(vertx.close());
        }
    }

    @Test
    void aTransportNamedExplicitlyThatTheMachineLacksRefusesToStartAndSaysWhy() {
        assertThatThrownBy(() -> NetworkTransport.required(new FakeTransport("io_uring", false), "io_uring"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("server.transport is io_uring, which this machine cannot use (forbidden by the test);"
                        + " set it to auto to use the best transport available");
        assertThatThrownBy(() -> NetworkTransport.required(null, "epoll"))
                .hasMessageContaining("(its classes are missing)");
    }

    @ParameterizedTest
    @EnumSource(value = NetworkTransport.class, names = {"IO_URING", "EPOLL", "NIO"})
    void theGatewayForwardsAPhantomTokenAsAJwtAndRefusesWithoutOneOnEachTransport(NetworkTransport setting)
            throws Exception {
        Transport transport = switch (setting) {
            case IO_URING -> Transport.IO_URING;
            case EPOLL -> Transport.EPOLL;
            default -> Transport.NIO;
        };
        assumeTrue(transport != null && transport.available(), setting.configName() + " is not available here");
        assertThat(setting.select()).isSameAs(transport);
        Vertx vertx = Vertx.builder().withTransport(transport).build();
        assertThat(((VertxInternal) vertx).transport().getClass()).isSameAs(transport.implementation().getClass());
        AtomicReference<String> received = new AtomicReference<>();
        TokenServer tokenServer = TestChain.tokenServer(vertx, dir);
        HttpServer upstream = TestChain.upstream(vertx, request -> {
            received.set(request.getHeader("Authorization"));
            request.body().onSuccess(body -> request.response().end("received " + body.length()));
        });
        URI api = URI.create("https://localhost:" + upstream.actualPort());
        List<Route> routes = List.of(Route.builder("orders", "/orders").methods(HttpMethod.GET,
                HttpMethod.POST).upstream(api).phantom().build());
        Gateway gateway = await(Gateway.start(vertx, TestChain.settings(dir, TestChain.issuer(tokenServer.port()),
                routes, DenyList.empty(), Optional.empty()), line -> { }, null));
        WebClient toGateway = TestServers.client(vertx, gateway.port());
        WebClient toTokenServer = TestServers.client(vertx, tokenServer.port());
        try {
            String opaque = TestChain.partnerToken(toTokenServer);
            Buffer body = Buffer.buffer(new byte[256 * 1024]);
            HttpResponse<Buffer> forwarded = await(toGateway.post("/orders/1").bearerTokenAuthentication(opaque)
                    .sendBuffer(body));
            assertThat(forwarded.statusCode()).isEqualTo(200);
            assertThat(forwarded.bodyAsString()).as("the body streamed through whole").isEqualTo("received 262144");
            assertThat(received.get()).startsWith("Bearer ey").doesNotContain(opaque);

            received.set(null);
            HttpResponse<Buffer> refused = await(toGateway.get("/orders/1").send());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(received.get()).as("the API was not reached").isNull();
        } finally {
            TestChain.stop(vertx, List.of(toGateway, toTokenServer), List.of(gateway::close, upstream::close,
                    tokenServer::close));
        }
    }

    /** A transport that says whether it is available, for the choice alone (never used to run anything). */
    private record FakeTransport(String name, boolean available) implements Transport {
        @Override
        public Throwable unavailabilityCause() {
            return available ? null : new UnsupportedOperationException("forbidden by the test");
        }

        @Override
        public io.vertx.core.spi.transport.Transport implementation() {
            throw new UnsupportedOperationException();
        }
    }
}
