package io.apisec.bench.proxy;

import io.apisec.gateway.NetworkTransport;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyInterceptor;

import java.nio.file.Path;

/**
 * The floor on Vert.x, as the gateway runs it (its default transport, epoll; BoringSSL; one listener and one upstream
 * client per core): either {@code vertx-http-proxy} (with no interceptor, or with as many pass-through interceptors
 * as the gateway has steps: the cost of the chain itself), or a hand-written forward on Vert.x's HTTP server and
 * client.
 */
final class VertxProxies implements ProxyFloor.Proxy {

    private final boolean library;
    private final int passThroughInterceptors;

    /**
     * @param library                 {@code vertx-http-proxy}; otherwise the hand-written forward
     * @param passThroughInterceptors interceptors that only pass the request and the response on (library only)
     */
    VertxProxies(boolean library, int passThroughInterceptors) {
        this.library = library;
        this.passThroughInterceptors = passThroughInterceptors;
    }

    @Override
    public void start(int port, int upstreamPort, Path certificate, Path privateKey) throws Exception {
        Vertx vertx = Vertx.builder().withTransport(NetworkTransport.AUTO.select()).build();
        HttpServerOptions server = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString())
                        .setKeyPath(privateKey.toString()))
                .setSslEngineOptions(new OpenSSLEngineOptions());
        HttpClientOptions client = new HttpClientOptions().setSsl(true).setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString()))
                .setSslEngineOptions(new OpenSSLEngineOptions()).setKeepAliveTimeout(60);
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                HttpClient upstream = vertx.createHttpClient(client, new PoolOptions().setHttp1MaxSize(64));
                Handler<HttpServerRequest> handler = library
                        ? proxy(upstream, upstreamPort)
                        : request -> forward(request, upstream, upstreamPort);
                return vertx.createHttpServer(server).requestHandler(handler).listen();
            }
        }, new DeploymentOptions().setInstances(ProxyFloor.listeners()))
                .toCompletionStage().toCompletableFuture().get();
    }

    private HttpProxy proxy(HttpClient upstream, int upstreamPort) {
        HttpProxy proxy = HttpProxy.reverseProxy(upstream).origin(upstreamPort, "localhost");
        for (int i = 0; i < passThroughInterceptors; i++) {
            proxy.addInterceptor(new ProxyInterceptor() { }); // the defaults send the request and the response on
        }
        return proxy;
    }

    private static void forward(HttpServerRequest request, HttpClient upstream, int upstreamPort) {
        request.pause();
        upstream.request(new RequestOptions().setMethod(request.method()).setHost("localhost").setPort(upstreamPort)
                .setURI(request.uri())).onComplete(made -> {
                    if (made.failed()) {
                        request.response().setStatusCode(502).end();
                        return;
                    }
                    request.headers().forEach(header -> {
                        if (!header.getKey().equalsIgnoreCase("host")
                                && !header.getKey().equalsIgnoreCase("connection")) {
                            made.result().headers().add(header.getKey(), header.getValue());
                        }
                    });
                    made.result().send(request).onComplete(answered -> {
                        if (answered.failed()) {
                            request.response().setStatusCode(502).end();
                            return;
                        }
                        HttpClientResponse in = answered.result();
                        HttpServerResponse out = request.response().setStatusCode(in.statusCode());
                        in.headers().forEach(header -> {
                            if (!header.getKey().equalsIgnoreCase(HttpHeaders.CONNECTION.toString())) {
                                out.headers().add(header.getKey(), header.getValue());
                            }
                        });
                        out.send(in);
                    });
                });
    }
}
