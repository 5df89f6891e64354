package io.apisec.gateway.pipeline;

import io.apisec.gateway.hygiene.AmbiguousPathException;
import io.apisec.gateway.hygiene.CanonicalPath;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Step 1: no more header fields than {@link #MAX_HEADER_FIELDS} (431), and one canonical path before anything
 * else looks at the request; an ambiguous one is 400. The upstream receives the canonical spelling, so it sees the
 * path that routing saw.
 */
public final class NormalizeStep implements ProxyInterceptor {

    /**
     * The most header fields a request may carry, a name sent twice counting twice (as Envoy's and Tomcat's
     * default). The listener's 16 KiB limit on their size (HTTP/1.1's header block, HTTP/2's header list) alone
     * would let ~3,000 tiny fields through, each copied several times on its way upstream.
     */
    public static final int MAX_HEADER_FIELDS = 100;

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        if (exceeds(context.request().proxiedRequest().headers(), MAX_HEADER_FIELDS)) {
            return Refusal.send(context, 431, "invalid_request", "The request has more than " + MAX_HEADER_FIELDS
                    + " header fields. Send fewer.", "too many header fields");
        }
        String uri = context.request().getURI();
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri : uri.substring(0, query);
        CanonicalPath path;
        try {
            path = CanonicalPath.of(rawPath);
        } catch (AmbiguousPathException e) {
            return Refusal.send(context, 400, "invalid_request", "The request path is ambiguous: " + e.reason()
                    + ". Send it with each character encoded one way only.", "ambiguous path: " + e.reason());
        }
        context.set(Attributes.PATH, path);
        ObserveStep.record(context).path = path.decoded();
        context.request().setURI(query < 0 ? path.encoded() : path.encoded() + uri.substring(query));
        return context.sendRequest();
    }

    /** Counts fields, not names: {@code MultiMap.size()} counts a name sent a thousand times once. */
    static boolean exceeds(MultiMap headers, int limit) {
        int fields = 0;
        for (var ignored : headers) {
            if (++fields > limit) {
                return true;
            }
        }
        return false;
    }
}
