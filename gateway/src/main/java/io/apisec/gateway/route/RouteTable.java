package io.apisec.gateway.route;

import io.vertx.core.http.HttpMethod;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Deny by default. Among the routes that take the request's host, the most specific path covering the request's
 * decides (more segments first, then more literal ones, then routes that name hosts); among the routes with that
 * path, the one taking the method. A method that path does not take finds nothing, rather than falling back to
 * a less specific path that may authenticate differently.
 */
public final class RouteTable {

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.path().segments().size())
                .thenComparingInt(r -> r.path().literals()).thenComparing(r -> !r.hosts().isEmpty()).reversed())
                .toList();
        long names = routes.stream().map(Route::name).distinct().count();
        if (names != routes.size()) {
            throw new IllegalArgumentException("route names must be unique");
        }
    }

    /** @param host the request's host name, without port */
    public Optional<Route> match(HttpMethod method, String canonicalPath, String host) {
        Optional<Route> best = routes.stream().filter(r -> r.takesHost(host) && r.covers(canonicalPath)).findFirst();
        return best.flatMap(first -> routes.stream().filter(r -> r.takesHost(host)
                && r.path().text().equals(first.path().text()) && r.hosts().equals(first.hosts())
                && r.methods().contains(method)).findFirst());
    }
}
