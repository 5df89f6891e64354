package io.apisec.gateway.pipeline;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
     * upstream that trusts them; the gateway sets the ones it vouches for itself. In lower case, as looked up.
     */
    private static final Set<String> CLIENT_SUPPLIED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-real-ip",
            "true-client-ip", "x-client-ip", "x-cluster-client-ip", "cf-connecting-ip", "fastly-client-ip",
            "x-request-id", "x-http-method-override", "x-http-method", "x-method-override", "x-original-url",
            "x-rewrite-url", "x-original-method", "x-user", "x-remote-user", "x-authenticated-user",
            // The client's credential (the JWT takes its place) and Expect (the gateway answers 100 Continue).
            "authorization", "expect");
    /** Hop-by-hop (RFC 9110 §7.6.1): never passed on, in either direction, with those that Connection names. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization");
    /**
     * Dropped from the upstream's responses besides the hop-by-hop headers (see handleProxyResponse); Warning
     * too (obsolete since RFC 9111), since vertx-http-proxy would take a date it carries for the response's.
     */
    private static final Set<String> RESPONSE_DROPPED = Set.of("date", "warning");

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        var headers = context.request().headers();
        drop(headers, CLIENT_SUPPLIED);
        String jwt = context.get(Attributes.FORWARDED_JWT, String.class);
        if (jwt != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + jwt);
        }
        var client = context.request().proxiedRequest();
        headers.set("Forwarded", forwarded(client.remoteAddress().hostAddress(), client.isSSL()));
        headers.set("X-Request-Id", ObserveStep.record(context).requestId);
        return context.sendRequest().recover(failure -> upstreamFailed(context, failure));
    }

    /** RFC 7239's {@code Forwarded} value for a client's address: an IPv6 address in brackets (§6), quoted. */
    static String forwarded(String address, boolean tls) {
        String node = address.indexOf(':') >= 0 ? '[' + address + ']' : address;
        return "for=\"" + node + "\";proto=" + (tls ? "https" : "http");
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

    /**
     * The gateway dates its answers itself, as nginx does by default: the upstream's {@code Date} is dropped, so
     * that the proxy library formats the current time instead of parsing the upstream's date and formatting it
     * again on every response (4% of the event loops' time in a profile).
     */
    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        drop(context.response().headers(), RESPONSE_DROPPED);
        return context.sendResponse();
    }

    /**
     * Removes the hop-by-hop headers, those that {@code Connection} names, and {@code also}: one pass over the
     * headers present (a handful) rather than a removal for each of the thirty-odd names that might be.
     */
    private static void drop(MultiMap headers, Set<String> also) {
        List<String> dropped = null;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name) || also.contains(name)) {
                dropped = dropped == null ? new ArrayList<>(4) : dropped;
                dropped.add(name);
                if (name.equals("connection")) {
                    for (String named : header.getValue().split(",")) {
                        if (!named.isBlank()) {
                            dropped.add(named.strip());
                        }
                    }
                }
            }
        }
        if (dropped != null) {
            dropped.forEach(headers::remove);
        }
    }
}
