package io.apisec.gateway;

import io.apisec.gateway.accesslog.AccessLogWriter;
import io.apisec.gateway.config.GatewayConfig;
import io.apisec.gateway.config.GatewayConfigException;
import io.apisec.tracing.Tracing;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/** {@code gateway --config FILE}: reads the file, starts the gateway, stops cleanly on a signal. */
public final class GatewayMain {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMain.class);
    /** Lines that may wait for the output before new ones are dropped (about a second of heavy traffic). */
    private static final int ACCESS_LOG_CAPACITY = 65_536;
    /** Characters that may wait, all lines together: a stalled output holds at most this much of the heap. */
    private static final long ACCESS_LOG_MAX_CHARS = 16L * 1024 * 1024;
    private static final Duration ACCESS_LOG_FLUSH = Duration.ofMillis(50);

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            LOG.error("Usage: gateway --config FILE   (see gateway/config/gateway.example.yaml)");
            System.exit(2);
        }
        Path file = Path.of(args[1]);
        GatewaySettings settings;
        try {
            settings = GatewayConfig.load(file, System.getenv());
        } catch (GatewayConfigException e) {
            LOG.error("Refusing to start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        // epoll where there is one, else NIO, or the one server.transport names; traced if OTEL_* variables ask.
        NetworkTransport.Started started;
        try {
            started = settings.transport().start(
                    transport -> Tracing.vertx(new VertxOptions(), transport, "apisec-gateway", System.getenv()),
                    (transport, failure) -> LOG.warn("The {} transport could not start ({}); trying the next",
                            transport.name(), rootMessage(failure)));
        } catch (IllegalStateException e) { // server.transport, or no event loops on any transport
            LOG.error("Refusing to start: {}", rootMessage(e));
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) { // the OTEL_* variables, named in the message
            LOG.error("Refusing to start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = started.vertx();
        // The access log, one JSON object per line, on standard output; diagnostics go to standard error.
        // The stream under System.out: a PrintStream would hide write errors (a closed pipe), and lines with them.
        AccessLogWriter accessLog = new AccessLogWriter(new FileOutputStream(FileDescriptor.out), ACCESS_LOG_CAPACITY,
                ACCESS_LOG_MAX_CHARS, ACCESS_LOG_FLUSH);
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, settings, accessLog,
                    () -> GatewayConfig.load(file, System.getenv())).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            LOG.error("Refusing to start: {}", e.getCause().getMessage());
            vertx.close().toCompletionStage().toCompletableFuture().join();
            System.exit(1);
            return;
        }
        accessLog.register(gateway.meterRegistry());
        LOG.info("Gateway listening on https://{}:{} with {} route(s), tokens from {}; admin API on https://{}:{}",
                settings.host(), gateway.port(), settings.routes().size(), settings.issuer(), settings.admin().host(),
                gateway.adminPort());
        LOG.info("TLS by {}, {} transport", OpenSSLEngineOptions.isAvailable() ? "OpenSSL (BoringSSL)" : "the JDK",
                started.transport().name());
        if (!PlatformDependent.hasUnsafe()) {
            // JDK 25 keeps sun.misc.Unsafe from Netty unless allowed: every buffer access is then a checked call.
            LOG.warn("Netty works without sun.misc.Unsafe here ({}): about a fifth more CPU per request. Start the"
                    + " JVM with --sun-misc-unsafe-memory-access=allow (scripts/gateway does)",
                    PlatformDependent.getUnsafeUnavailabilityCause().getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close().onComplete(done -> vertx.close()).onComplete(done -> {
                try {
                    accessLog.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                stopped.countDown();
            });
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gateway-shutdown"));
    }

    /** The message of the first cause, which says what went wrong (Netty's own wrapping says only where). */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage())
                : failure.getMessage() + ": " + root.getMessage();
    }
}
