package io.apisec.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;

/**
 * One instance of the gateway's listener, on its own event loop. One is deployed per core, all on the same port
 * (Vert.x hands each new connection to the next), so that the proxy uses every core; a single server would run
 * on one event loop, one core, whatever the machine.
 */
final class ProxyListener extends VerticleBase {

    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final List<HttpServer> bound;

    /** @param bound collects each instance's server once it listens */
    ProxyListener(HttpServerOptions options, Handler<HttpServerRequest> handler, List<HttpServer> bound) {
        this.options = options;
        this.handler = handler;
        this.bound = bound;
    }

    @Override
    public Future<?> start() {
        HttpServer server = vertx.createHttpServer(options);
        return server.requestHandler(handler).listen().onSuccess(bound::add);
    }
}
