package io.apisec.gateway.pipeline;

import io.apisec.gateway.hygiene.CanonicalPath;
import io.apisec.gateway.route.PathPattern;
import io.apisec.gateway.route.Rewrite;
import io.apisec.gateway.route.Route;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Step 7b: the route's rewrite, after the gateway's own forwarding headers: the path (its template filled with
 * the route path's parameters, the rest of the request's path and its query kept), then the headers removed and
 * set. The route path's parameters come from the canonical path, so a rewrite never sees a spelling that routing
 * did not.
 */
public final class RewriteStep implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        Rewrite rewrite = route.rewrite();
        if (rewrite.path().isPresent()) {
            CanonicalPath path = context.get(Attributes.PATH, CanonicalPath.class);
            PathPattern.Match match = route.path().match(path.decoded()).orElseThrow();
            String uri = context.request().getURI();
            int query = uri.indexOf('?');
            context.request().setURI(CanonicalPath.encode(rewrite.path().get().expand(match.parameters(), match.rest()))
                    + (query < 0 ? "" : uri.substring(query)));
        }
        var headers = context.request().headers();
        rewrite.removeHeaders().forEach(headers::remove);
        rewrite.setHeaders().forEach(headers::set);
        return context.sendRequest();
    }
}
