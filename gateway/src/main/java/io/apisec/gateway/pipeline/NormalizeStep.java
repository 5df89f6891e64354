package io.apisec.gateway.pipeline;

import io.apisec.gateway.hygiene.AmbiguousPathException;
import io.apisec.gateway.hygiene.CanonicalPath;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Step 1: one canonical path before anything else looks at the request; an ambiguous one is 400. The upstream
 * receives the canonical spelling, so it sees the path that routing saw.
 */
public final class NormalizeStep implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
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
}
