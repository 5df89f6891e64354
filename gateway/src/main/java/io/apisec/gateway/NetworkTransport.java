package io.apisec.gateway;

import io.vertx.core.transport.Transport;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the gateway's event loops talk to the kernel: setting {@code server.transport}. By default the fastest the
 * machine allows: Linux's io_uring (measured in the same runs: the phantom route 1.14–1.17× the throughput of epoll at
 * 0.78–0.81× its CPU per request, bench/README.md), else epoll, else the JDK's NIO. A kernel or container may forbid
 * io_uring (the {@code kernel.io_uring_disabled} sysctl, Docker's default seccomp profile): {@code auto} then falls
 * back, while a transport named explicitly refuses to start rather than run on another.
 */
public enum NetworkTransport {
    AUTO, IO_URING, EPOLL, NIO;

    /** The name in the configuration: {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting named {@code name}, whatever its case. */
    public static NetworkTransport named(String name) {
        return Arrays.stream(values()).filter(transport -> transport.configName().equalsIgnoreCase(name.strip()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("must be one of " + Arrays.stream(values())
                        .map(NetworkTransport::configName).collect(Collectors.joining(", ")) + ", was " + name));
    }

    /** The Vert.x transport this setting gives on this machine. */
    public Transport select() {
        return switch (this) {
            case AUTO -> firstAvailable(Arrays.asList(Transport.IO_URING, Transport.EPOLL), Transport.NIO);
            case IO_URING -> required(Transport.IO_URING, "io_uring");
            case EPOLL -> required(Transport.EPOLL, "epoll");
            case NIO -> Transport.NIO;
        };
    }

    /** The first of {@code preferred} that this machine can use (Vert.x leaves one null when its classes are missing). */
    static Transport firstAvailable(List<Transport> preferred, Transport fallback) {
        return preferred.stream().filter(transport -> transport != null && transport.available()).findFirst()
                .orElse(fallback);
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
