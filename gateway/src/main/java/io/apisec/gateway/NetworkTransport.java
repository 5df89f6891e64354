package io.apisec.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How the gateway's event loops talk to the kernel: setting {@code server.transport}. By default ({@code auto}) epoll
 * where the machine has it, else the JDK's NIO. Linux's io_uring is faster (measured in the same runs: the phantom
 * route 1.14–1.17× the throughput of epoll at 0.78–0.81× its CPU per request, bench/README.md "2026-11-30, morning")
 * but must be asked for: on Netty 4.2.9 it now and then closes a keep-alive TLS connection before a response that the
 * gateway wrote reaches the client (InvalidTokensTest lost one in about seven runs; never on epoll in ten), so it is
 * not the default until that is fixed. A transport named explicitly refuses to start rather than run on another.
 */
public enum NetworkTransport {
    AUTO, IO_URING, EPOLL, NIO;

    /** A Vert.x and the transport it runs on. */
    public record Started(Vertx vertx, Transport transport) {
    }

    /** The name in the configuration: {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting named {@code name}, whatever its case. */
    public static NetworkTransport named(String name) {
        String wanted = name.strip();
        return Arrays.stream(values()).filter(transport -> transport.configName().equalsIgnoreCase(wanted))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(values())
                        .map(NetworkTransport::configName).collect(Collectors.joining(", ")) + ", was " + wanted));
    }

    /** The transport this setting gives on this machine. */
    public Transport select() {
        return candidates().get(0);
    }

    /** The transports to try, best first: under {@code auto} each one the machine offers, NIO last; else the named. */
    public List<Transport> candidates() {
        return switch (this) {
            case AUTO -> usable(Arrays.asList(Transport.EPOLL), Transport.NIO);
            case IO_URING -> List.of(required(Transport.IO_URING, "io_uring"));
            case EPOLL -> List.of(required(Transport.EPOLL, "epoll"));
            case NIO -> List.of(Transport.NIO);
        };
    }

    /**
     * A Vert.x made by {@code build} on the first of this setting's transports that can make its event loops. A
     * transport can pass its check and still fail there (out of file descriptors or locked memory): under
     * {@code auto} the next one is then tried, and {@code gaveWay} told why.
     */
    public Started start(Function<Transport, Vertx> build, BiConsumer<Transport, RuntimeException> gaveWay) {
        return startFirst(candidates(), build, gaveWay);
    }

    static Started startFirst(List<Transport> candidates, Function<Transport, Vertx> build,
                              BiConsumer<Transport, RuntimeException> gaveWay) {
        for (int i = 0; ; i++) {
            Transport transport = candidates.get(i);
            try {
                return new Started(build.apply(transport), transport);
            } catch (IllegalStateException e) { // Netty: "failed to create a child event loop"
                if (i == candidates.size() - 1) {
                    throw e;
                }
                gaveWay.accept(transport, e);
            }
        }
    }

    /** Those of {@code preferred} this machine can use (Vert.x leaves one null when its classes are missing). */
    static List<Transport> usable(List<Transport> preferred, Transport fallback) {
        List<Transport> usable = new ArrayList<>();
        preferred.stream().filter(transport -> transport != null && transport.available()).forEach(usable::add);
        usable.add(fallback);
        return List.copyOf(usable);
    }

    static Transport required(Transport transport, String name) {
        if (transport == null || !transport.available()) {
            Throwable cause = transport == null ? null : transport.unavailabilityCause();
            throw new IllegalStateException("server.transport is " + name + ", which this machine cannot use ("
                    + (cause == null ? "its classes are missing" : cause.getMessage())
                    + "); set it to auto to use the best transport available");
        }
        return transport;
    }
}
