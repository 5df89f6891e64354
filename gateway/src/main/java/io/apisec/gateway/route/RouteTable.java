package io.apisec.gateway.route;

import io.vertx.core.http.HttpMethod;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Deny by default. The longest prefix covering the path decides; among the routes with that prefix, the one
 * taking the method. A method that prefix does not take finds nothing, rather than falling back to a shorter
 * prefix that may authenticate differently.
 */
public final class RouteTable {

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed())
                .toList();
        long names = routes.stream().map(Route::name).distinct().count();
        if (names != routes.size()) {
            throw new IllegalArgumentException("route names must be unique");
        }
    }

    public Optional<Route> match(HttpMethod method, String canonicalPath) {
        Optional<Route> longest = routes.stream().filter(r -> r.covers(canonicalPath)).findFirst();
        return longest.flatMap(first -> routes.stream()
                .filter(r -> r.pathPrefix().equals(first.pathPrefix()) && r.methods().contains(method)).findFirst());
    }
}
