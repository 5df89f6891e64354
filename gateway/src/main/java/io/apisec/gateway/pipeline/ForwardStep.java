package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Step 7: what the upstream receives. The verified JWT as {@code Authorization: Bearer} (never the opaque
 * token); no client-supplied forwarding headers (the gateway is the one that knows where the request came
 * from: it sets {@code Forwarded}), nor headers that claim an identity or override the method or path; no
 * hop-by-hop header either way; the gateway's own {@code X-Request-Id} (its host and base path are set by
 * {@link UpstreamRequests}). An upstream that cannot be reached is 502, one that does not answer in time 504,
 * each with an RFC 6749-style JSON body.
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
    /** Answered by the gateway itself (100 Continue), not passed on. */
    private static final String EXPECT = "Expect";

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        var headers = context.request().headers();
        dropHopByHop(headers);
        CLIENT_SUPPLIED.forEach(headers::remove);
        headers.remove(EXPECT);
        String jwt = context.get(Attributes.FORWARDED_JWT, String.class);
        headers.remove(HttpHeaders.AUTHORIZATION);
        if (jwt != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
        }
        var client = context.request().proxiedRequest();
        headers.set("Forwarded", "for=\"" + client.remoteAddress().hostAddress() + "\";proto="
                + (client.isSSL() ? "https" : "http"));
        headers.set("X-Request-Id", ObserveStep.record(context).requestId);
        return context.sendRequest().recover(failure -> upstreamFailed(context, failure));
    }

    private static Future<ProxyResponse> upstreamFailed(ProxyContext context, Throwable failure) {
        // A timeout before a connection was had is the upstream's unreachability (or a full pool): 502.
        if (isTimeout(failure) && Boolean.TRUE.equals(context.get(UpstreamRequests.CONNECTED, Boolean.class))) {
            return Refusal.send(context, 504, "upstream_timeout", "The API did not answer in time.",
                    "upstream: no answer in time");
        }
        return Refusal.send(context, 502, "bad_gateway", "The API could not be reached.", "upstream: unreachable");
    }

    /** Vert.x reports a request's idle timeout as a {@link java.util.concurrent.TimeoutException}. */
    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
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
