package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.apisec.gateway.route.Route;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.URI;
import java.util.List;

/**
 * Step 7: what the upstream receives. The verified JWT as {@code Authorization: Bearer} (never the opaque
 * token); no client-supplied forwarding headers (the gateway is the one that knows where the request came
 * from: it sets {@code Forwarded}), nor headers that claim an identity or override the method or path; no
 * hop-by-hop header either way; the gateway's own {@code X-Request-Id}; the upstream's base path (its host is
 * set by {@link UpstreamRequests}).
 */
public final class ForwardStep implements ProxyInterceptor {

    /**
     * Headers through which a client could claim an identity, an address, or another method or path to an
     * upstream that trusts them; the gateway sets the ones it vouches for itself.
     */
    private static final List<String> CLIENT_SUPPLIED = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
            "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP",
            "True-Client-IP", "X-Client-IP", "X-Cluster-Client-IP", "CF-Connecting-IP", "Fastly-Client-IP",
            "X-Request-Id", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-URL",
            "X-Rewrite-URL", "X-Original-Method", "X-User", "X-Remote-User", "X-Authenticated-User", "Proxy-Connection");
    /** Hop-by-hop (RFC 9110 §7.6.1): never passed on, in either direction, with those that Connection names. */
    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Connection",
            "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authenticate", "Proxy-Authorization");

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        var headers = context.request().headers();
        dropHopByHop(headers);
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
        String base = upstream.getRawPath() == null ? "" : upstream.getRawPath().replaceAll("/+$", "");
        context.request().setURI(base + context.request().getURI());
        return context.sendRequest();
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        dropHopByHop(context.response().headers());
        return context.sendResponse();
    }

    private static void dropHopByHop(MultiMap headers) {
        for (String named : headers.getAll("Connection")) {
            for (String name : named.split(",")) {
                if (!name.isBlank()) {
                    headers.remove(name.strip());
                }
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
    }
}
