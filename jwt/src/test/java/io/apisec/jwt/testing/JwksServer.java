package io.apisec.jwt.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real JWKS endpoint on loopback (HTTPS by default), with the issuer's RFC 8414 and OpenID metadata,
 * that tests can rotate, take down, slow down or make misbehave, and that counts what it serves.
 */
public final class JwksServer implements AutoCloseable {

    /** How the JWKS endpoint answers. */
    public enum Mode { UP, DOWN, HANG, OVERSIZED, NOT_JSON }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String scheme;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private volatile String published = new JWKSet().toString();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch gate;
    private volatile String metadataIssuer;
    private volatile boolean oauthMetadata = true;
    private final CountDownLatch hangRelease = new CountDownLatch(1);

    private JwksServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static JwksServer https() {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(TestTls.get().serverContext()));
            return new JwksServer(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JwksServer plainHttp() {
        try {
            return new JwksServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUri() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI jwksUri() {
        return baseUri().resolve("/jwks");
    }

    /** The issuer this server's metadata describes: its base URI with a path. */
    public URI issuer() {
        return baseUri().resolve("/realms/apisec");
    }

    /** Publishes these keys (their public halves). */
    public void publish(JWK... keys) {
        List<JWK> publicKeys = new ArrayList<>();
        for (JWK key : keys) {
            publicKeys.add(key.toPublicJWK());
        }
        published = new JWKSet(publicKeys).toString(true);
    }

    /** Publishes this JSON as the JWKS, whatever it holds. */
    public void publishRaw(String json) {
        published = json;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Until {@link #openGate()}, JWKS requests wait: lets many validations pile up behind one fetch. */
    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Makes the metadata name another issuer, as a hostile or misconfigured server would. */
    public void metadataIssuer(String issuer) {
        this.metadataIssuer = issuer;
    }

    /** Serves only OpenID discovery, not RFC 8414 metadata. */
    public void openIdMetadataOnly() {
        this.oauthMetadata = false;
    }

    public int jwksFetches() {
        return hits("/jwks");
    }

    public int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            if (path.equals("/jwks")) {
                serveJwks(exchange);
            } else if (path.equals("/redirect-to-jwks")) {
                exchange.getResponseHeaders().set("Location", jwksUri().toString());
                send(exchange, 302, "");
            } else if (path.equals("/.well-known/oauth-authorization-server/realms/apisec") && oauthMetadata) {
                send(exchange, 200, metadata());
            } else if (path.equals("/realms/apisec/.well-known/openid-configuration")) {
                send(exchange, 200, metadata());
            } else {
                send(exchange, 404, "{\"error\":\"not_found\"}");
            }
        }
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        CountDownLatch g = gate;
        if (g != null) {
            await(g);
        }
        switch (mode) {
            case UP -> send(exchange, 200, published);
            case DOWN -> send(exchange, 503, "{\"error\":\"temporarily_unavailable\"}");
            case NOT_JSON -> send(exchange, 200, "<html>maintenance</html>");
            case OVERSIZED -> send(exchange, 200, "{\"keys\":[],\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}");
            case HANG -> await(hangRelease);
        }
    }

    private String metadata() {
        String issuer = metadataIssuer != null ? metadataIssuer.replace("\n", "\\n") : issuer().toString();
        return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri() + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The client gave up (size limit, timeout): that is what the test wanted to see.
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        hangRelease.countDown();
        openGate();
        server.stop(0);
        executor.shutdownNow();
    }
}
