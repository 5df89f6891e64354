package io.apisec.bench.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The CPU of the gateway's least per-request work ({@link GatewayWorkSketch}) alone, without network or TLS: one
 * phantom-route exchange (request id, path rules, header pass, cache hit forwarding the JWT, response headers,
 * latency histogram, access-log line queued to the gateway's writer, which drains it to nowhere). The same parts
 * can be left out as in the load runs ({@code -p without=log}), here in one JVM: the load runs' ablations compare
 * separate JVMs, whose JIT choices differ by more than the parts cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GatewayWorkBenchmark {

    /** The parts left out, joined by {@code +}; {@code none} for the whole work. */
    @Param({"none", "log", "jwt", "path+headers", "metrics"})
    public String without;

    private GatewayWorkSketch work;
    private final InetSocketAddress client = new InetSocketAddress("127.0.0.1", 54321);
    private final String bearer = "Bearer " + "a1b2c3d4".repeat(6);

    @Setup
    public void setUp() {
        work = new GatewayWorkSketch(without.equals("none") ? Set.of() : Set.of(without.split("\\+")),
                OutputStream.nullOutputStream());
    }

    @Benchmark
    public Object exchange() {
        // What wrk sends, as Netty's decoder hands it over.
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/orders/1");
        request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:18101").set(HttpHeaderNames.AUTHORIZATION, bearer);
        Object exchange = work.request(request, client);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, "3").set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.DATE, "Sun, 29 Nov 2026 23:00:00 GMT");
        work.response(response, exchange);
        work.ended(response, exchange);
        return request;
    }
}
