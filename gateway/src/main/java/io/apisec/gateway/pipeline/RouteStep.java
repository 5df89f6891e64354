package io.apisec.gateway.pipeline;

import io.apisec.gateway.hygiene.CanonicalPath;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.RouteTable;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** Step 3: the route, or 404 (deny by default), from the table in force (a reload replaces it). */
public final class RouteStep implements ProxyInterceptor {

    private final Supplier<RouteTable> routes;

    public RouteStep(Supplier<RouteTable> routes) {
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        CanonicalPath path = context.get(Attributes.PATH, CanonicalPath.class);
        var authority = context.request().proxiedRequest().authority();
        Optional<Route> route = routes.get().match(context.request().getMethod(), path.decoded(),
                authority == null ? "" : authority.host());
        if (route.isEmpty()) {
            return Refusal.send(context, 404, "not_found", "No route takes this method and path.", "no route");
        }
        context.set(Attributes.ROUTE, route.get());
        ObserveStep.record(context).route = route.get().name();
        return context.sendRequest();
    }
}
