package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.apisec.gateway.route.Route;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.URI;
import java.util.List;

/**
 * Step 7: what the upstream receives. The verified JWT as {@code Authorization: Bearer} (never the opaque
 * token); no client-supplied forwarding headers (the gateway is the one that knows where the request came
 * from: it sets {@code Forwarded}); the gateway's own {@code X-Request-Id}; the upstream's host and base path.
 */
public final class ForwardStep implements ProxyInterceptor {

    private static final List<String> CLIENT_SUPPLIED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Forwarded-Port", "X-Real-IP", "X-Request-Id");

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        var headers = context.request().headers();
        CLIENT_SUPPLIED.forEach(headers::remove);
        String jwt = context.get(Attributes.FORWARDED_JWT, String.class);
        headers.remove(HttpHeaders.AUTHORIZATION);
        if (jwt != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
        }
        var client = context.request().proxiedRequest();
        headers.set("Forwarded", "for=\"" + client.remoteAddress().hostAddress() + "\";proto="
                + (client.isSSL() ? "https" : "http"));
        headers.set("X-Request-Id", ObserveStep.record(context).requestId);
        // The upstream's own host and base path: it is addressed as itself, not as the gateway.
        URI upstream = context.get(Attributes.ROUTE, Route.class).upstream();
        int port = upstream.getPort() > 0 ? upstream.getPort() : upstream.getScheme().equals("https") ? 443 : 80;
        context.request().setAuthority(HostAndPort.create(upstream.getHost(), port));
        String base = upstream.getRawPath() == null ? "" : upstream.getRawPath().replaceAll("/+$", "");
        context.request().setURI(base + context.request().getURI());
        return context.sendRequest();
    }
}
