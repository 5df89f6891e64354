package io.apisec.gateway.pipeline;

import io.apisec.gateway.route.Route;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

import java.net.URI;

/** Step 8: the request to the matched route's upstream, over TLS (verified) when it is https. */
public final class UpstreamRequests implements OriginRequestProvider {

    @Override
    public Future<HttpClientRequest> create(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        if (route == null) {
            return Future.failedFuture(new IllegalStateException("no route: nothing is proxied"));
        }
        URI upstream = route.upstream();
        boolean tls = upstream.getScheme().equals("https");
        int port = upstream.getPort() > 0 ? upstream.getPort() : tls ? 443 : 80;
        return context.client().request(new RequestOptions().setServer(SocketAddress.inetSocketAddress(port,
                        upstream.getHost())).setSsl(tls).setHost(upstream.getHost()).setPort(port)
                .setMethod(context.request().getMethod()).setURI(context.request().getURI()));
    }
}
