package io.apisec.bench.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.apisec.gateway.accesslog.AccessLogWriter;
import io.apisec.gateway.hygiene.AmbiguousPathException;
import io.apisec.gateway.hygiene.CanonicalPath;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.AsciiString;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The least a gateway does to each exchange, done on the Netty floor ({@code ProxyFloor netty-gateway}): what a
 * gateway whose data path is Netty itself would cost at best. Per request: a request id, the canonical path (the
 * gateway's own rules), a route by prefix, the client-supplied and hop-by-hop headers dropped in one pass, on
 * {@code /orders} a phantom-token lookup (SHA-256 of the bearer token, a cache hit holding an RS256-sized JWT and
 * its scopes, the scope checked) with the JWT forwarded; {@code Forwarded} and {@code X-Request-Id} set. Per
 * response: hop-by-hop headers dropped, HSTS and the request id added, then a latency histogram and a JSON
 * access-log line through the gateway's writer. A sketch for measuring, not a gateway: it refuses nothing (a
 * request the real gateway would refuse is forwarded as it is). Parts can be left out, to see what each costs.
 */
final class GatewayWorkSketch implements NettyProxy.Work {

    private static final Set<String> DROPPED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip", "x-request-id",
            "x-http-method-override", "x-original-url", "x-rewrite-url", "connection", "keep-alive",
            "proxy-connection", "te", "trailer", "upgrade", "proxy-authorization", "expect", "authorization");
    private static final AsciiString REQUEST_ID = AsciiString.cached("x-request-id");
    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    private static final AsciiString HSTS = AsciiString.cached("strict-transport-security");
    private static final AsciiString ONE_YEAR = AsciiString.cached("max-age=31536000");
    private static final JsonFactory JSON = new JsonFactory();
    /** The size of the RS256 JWT the phantom route forwards in the gateway's load run. */
    private static final String JWT = "eyJ" + "x".repeat(820);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private record Introspected(String jwt, Set<String> scopes, long expiresAt) {
    }

    private static final String CONSTANT_LINE = "{\"time\":\"2026-11-29T23:00:00.000000Z\",\"request_id\":"
            + "\"00000000-0000-0000-0000-000000000000\",\"method\":\"GET\",\"path\":\"/orders/1\",\"route\":\"orders\","
            + "\"status\":200,\"latency_ms\":1.0,\"source\":\"127.0.0.1\",\"token\":\"00000000\"}";
    /** The parts left out, for ablation: any of log (or only its log-format or log-output), metrics, jwt, path, headers. */
    private final Set<String> without;
    private final Map<String, Introspected> cache = new ConcurrentHashMap<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final AccessLogWriter accessLog;

    /** @param accessLog where the access-log lines go, as the gateway's writer batches them */
    GatewayWorkSketch(Set<String> without, OutputStream accessLog) {
        this.without = Set.copyOf(without);
        this.accessLog = new AccessLogWriter(accessLog, 65_536, 16L << 20, Duration.ofMillis(50));
    }

    /** What one exchange carries from its request to its access-log line. */
    private static final class Exchange {
        final Instant time = Instant.now();
        final long start = System.nanoTime();
        final String requestId;
        final String method;
        final String source;
        String path;
        String route;
        String tokenHash;

        Exchange(String requestId, String method, String source) {
            this.requestId = requestId;
            this.method = method;
            this.source = source;
        }
    }

    @Override
    public Object request(HttpRequest request, InetSocketAddress client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String source = client.getAddress().getHostAddress();
        Exchange exchange = new Exchange(new UUID(random.nextLong(), random.nextLong()).toString(),
                request.method().name(), source);
        String uri = request.uri();
        int query = uri.indexOf('?');
        if (without.contains("path")) {
            exchange.path = query < 0 ? uri : uri.substring(0, query);
        } else try {
            CanonicalPath path = CanonicalPath.of(query < 0 ? uri : uri.substring(0, query));
            exchange.path = path.decoded();
            request.setUri(query < 0 ? path.encoded() : path.encoded() + uri.substring(query));
        } catch (AmbiguousPathException refused) {
            exchange.path = "-";
        }
        exchange.route = exchange.path.startsWith("/orders") ? "orders" : "public";
        HttpHeaders headers = request.headers();
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (!without.contains("headers")) {
            List<String> dropped = new ArrayList<>(4);
            for (Map.Entry<String, String> header : headers) {
                if (DROPPED.contains(header.getKey().toLowerCase())) {
                    dropped.add(header.getKey());
                }
            }
            dropped.forEach(headers::remove);
        }
        if (!without.contains("jwt") && exchange.route.equals("orders") && authorization != null && authorization.startsWith("Bearer ")) {
            byte[] digest = SHA256.get().digest(authorization.substring(7).getBytes(StandardCharsets.US_ASCII));
            String key = HexFormat.of().formatHex(digest);
            Introspected answer = cache.computeIfAbsent(key,
                    k -> new Introspected(JWT, Set.of("orders:read"), Long.MAX_VALUE));
            exchange.tokenHash = key.substring(0, 8);
            if (answer.expiresAt() > System.currentTimeMillis() && answer.scopes().contains("orders:read")) {
                headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + answer.jwt());
            }
        }
        headers.set(FORWARDED, "for=\"" + source + "\";proto=https");
        headers.set(REQUEST_ID, exchange.requestId);
        return exchange;
    }

    @Override
    public void response(HttpResponse response, Object state) {
        Exchange exchange = (Exchange) state;
        HttpHeaders headers = response.headers();
        headers.remove(HttpHeaderNames.CONNECTION);
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.set(HSTS, ONE_YEAR);
        headers.set(REQUEST_ID, exchange.requestId);
    }

    @Override
    public void ended(HttpResponse response, Object state) {
        Exchange exchange = (Exchange) state;
        long end = System.nanoTime();
        int status = response.status().code();
        String statusClass = status / 100 + "xx";
        if (!without.contains("metrics")) {
            timers.computeIfAbsent(exchange.route + ' ' + statusClass, key -> Timer.builder("apisec.gateway.requests")
                    .tag("route", exchange.route).tag("status", statusClass).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry)).record(end - exchange.start, TimeUnit.NANOSECONDS);
        }
        if (!without.contains("log")) {
            // log-format: a constant line is queued; log-output: the line is made, then dropped.
            String line = without.contains("log-format") ? CONSTANT_LINE : line(exchange, status, end);
            if (!without.contains("log-output")) {
                accessLog.accept(line);
            }
        }
    }

    private static String line(Exchange exchange, int status, long end) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", exchange.time.toString());
            json.writeStringField("request_id", exchange.requestId);
            json.writeStringField("method", exchange.method);
            json.writeStringField("path", exchange.path);
            json.writeStringField("route", exchange.route);
            json.writeNumberField("status", status);
            json.writeNumberField("latency_ms", (end - exchange.start) / 1_000_000.0);
            json.writeStringField("source", exchange.source);
            if (exchange.tokenHash != null) {
                json.writeStringField("token", exchange.tokenHash);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString();
    }
}
