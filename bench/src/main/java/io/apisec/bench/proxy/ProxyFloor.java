package io.apisec.bench.proxy;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * The cost floor of each way the gateway could forward: the same trivial HTTPS reverse proxy (TLS verified to the
 * upstream, keep-alive, no checks, no log) built three ways, for {@code bench/run-proxy-floor.sh} to measure beside
 * nginx. Whatever the gateway does on top of its I/O stack, it cannot cost less than that stack's floor.
 *
 * {@code netty-gateway} is the Netty floor doing the gateway's least work per request ({@link GatewayWorkSketch});
 * {@code netty-gateway-without-log+metrics} (any of log, metrics, jwt, path, headers) leaves parts of it out.
 *
 * <p>Usage: {@code ProxyFloor vertx-http-proxy|vertx-core|netty|netty-gateway PORT UPSTREAM_PORT CERT_DIR}; the directory holds
 * {@code server.pem} (the listener's certificate, also the upstream's, trusted) and {@code server-key.pem}.
 */
public final class ProxyFloor {

    /** {@code netty-gateway-without-log+metrics}: the sketch without those parts. */
    private static final String SKETCH_WITHOUT = "netty-gateway-without-";

    /** The sketch's access log: standard output, as the gateway's. */
    private static final OutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

    private ProxyFloor() {
    }

    /** One trivial proxy: listens on 127.0.0.1:{@code port}, forwards to https://localhost:{@code upstreamPort}. */
    interface Proxy {
        void start(int port, int upstreamPort, Path certificate, Path privateKey) throws Exception;
    }

    /** How many event loops a proxy listens on: {@code -Dlisteners=N}, one per core by default, as the gateway. */
    static int listeners() {
        return Integer.getInteger("listeners", Runtime.getRuntime().availableProcessors());
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("Usage: ProxyFloor vertx-http-proxy[-12-interceptors]|vertx-core|netty|netty-gateway PORT UPSTREAM_PORT CERT_DIR");
            System.exit(2);
        }
        Proxy proxy = switch (args[0]) {
            case "vertx-http-proxy" -> new VertxProxies(true, 0);
            // As many interceptors as the gateway has steps (Gateway's list): the chain's own cost.
            case "vertx-http-proxy-12-interceptors" -> new VertxProxies(true, 12);
            case "vertx-core" -> new VertxProxies(false, 0);
            case "netty" -> new NettyProxy();
            case "netty-gateway" -> new NettyProxy(new GatewayWorkSketch(Set.of(), STDOUT));
            default -> {
                if (!args[0].startsWith(SKETCH_WITHOUT)) {
                    throw new IllegalArgumentException("unknown kind " + args[0]);
                }
                yield new NettyProxy(new GatewayWorkSketch(Set.of(args[0].substring(SKETCH_WITHOUT.length())
                        .split("\\+")), STDOUT));
            }
        };
        Path certs = Path.of(args[3]);
        proxy.start(Integer.parseInt(args[1]), Integer.parseInt(args[2]), certs.resolve("server.pem"),
                certs.resolve("server-key.pem"));
        System.out.println("Listening: " + args[0]);
    }
}
