package io.apisec.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.util.List;
import java.util.function.Function;

/**
 * One instance of the gateway's listener, on its own event loop. One is deployed per core, all on the same port
 * (Vert.x hands each new connection to the next), so that the proxy uses every core; a single server would run
 * on one event loop, one core, whatever the machine. Each instance has its own upstream client, made on its event
 * loop: a request is read, forwarded and answered on one thread. A client shared by the listeners would hand a
 * request to the thread that made the pooled connection and the answer back again, two hops per request.
 */
final class ProxyListener extends VerticleBase {

    private final HttpServerOptions options;
    private final HttpClientOptions upstreamOptions;
    private final PoolOptions upstreamPool;
    private final Function<HttpClient, ? extends Handler<HttpServerRequest>> proxies;
    private final List<HttpServer> bound;
    private HttpClient upstreams;
    private HttpServer server;

    /**
     * @param proxies the proxy that forwards with a given upstream client
     * @param bound   collects each instance's server once it listens
     */
    ProxyListener(HttpServerOptions options, HttpClientOptions upstreamOptions, PoolOptions upstreamPool,
                  Function<HttpClient, ? extends Handler<HttpServerRequest>> proxies, List<HttpServer> bound) {
        this.options = options;
        this.upstreamOptions = upstreamOptions;
        this.upstreamPool = upstreamPool;
        this.proxies = proxies;
        this.bound = bound;
    }

    @Override
    public Future<?> start() {
        upstreams = vertx.createHttpClient(upstreamOptions, upstreamPool);
        server = vertx.createHttpServer(options);
        return server.requestHandler(proxies.apply(upstreams)).listen().onSuccess(bound::add);
    }

    /** The listener first, then its client: requests still being answered keep their upstream connections. */
    @Override
    public Future<?> stop() {
        return server.close().eventually(() -> upstreams.close());
    }
}
