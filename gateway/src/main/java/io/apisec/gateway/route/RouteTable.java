package io.apisec.gateway.route;

import io.vertx.core.http.HttpMethod;

import java.util.List;
import java.util.Optional;

/**
 * Deny by default. Among the routes that take the request's host — those naming it exactly first, then those
 * naming it by a wildcard, then those for any host — the most specific path covering the request's decides:
 * compared segment by segment, a literal segment beats a parameter at the first difference, then the longer
 * path wins. Among the routes with that host and path, the one taking the method; a method that path does not
 * take finds nothing, rather than falling back to a less specific path that may authenticate differently. Two
 * routes that would tie (same hosts, paths of the same shape) are refused when the table is made.
 */
public final class RouteTable {

    private final List<Route> routes;

    public RouteTable(List<Route> routes) {
        this.routes = List.copyOf(routes);
        long names = routes.stream().map(Route::name).distinct().count();
        if (names != routes.size()) {
            throw new IllegalArgumentException("route names must be unique");
        }
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                Route a = routes.get(i);
                Route b = routes.get(j);
                if (a.hosts().equals(b.hosts()) && !a.path().text().equals(b.path().text())
                        && shape(a.path()).equals(shape(b.path()))) {
                    throw new IllegalArgumentException("routes " + a.name() + " and " + b.name() + " have paths of"
                            + " the same shape (" + a.path().text() + ", " + b.path().text() + "): no request could"
                            + " tell them apart; give them one path");
                }
            }
        }
    }

    /** @param host the request's host name, without port */
    public Optional<Route> match(HttpMethod method, String canonicalPath, String host) {
        // Plain loops, no streams or comparators: this runs on every request, over every route.
        String name = Route.hostName(host);
        Route best = null;
        int bestRank = -1;
        for (Route route : routes) {
            if (route.takesHostName(name) && route.covers(canonicalPath)) {
                int rank = hostRank(route, name);
                // The first of equals stays.
                if (rank > bestRank || rank == bestRank && comparePaths(route.path(), best.path()) > 0) {
                    best = route;
                    bestRank = rank;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        // The best path and hosts found: the route among those that takes this method.
        for (Route route : routes) {
            if (route.path().text().equals(best.path().text()) && route.hosts().equals(best.hosts())
                    && route.methods().contains(method)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /** 2 for a route naming the host exactly, 1 by a wildcard, 0 for a route for any host. */
    private static int hostRank(Route route, String name) {
        if (route.hosts().isEmpty()) {
            return 0;
        }
        return route.hosts().contains(name) ? 2 : 1;
    }

    /** Positive when {@code a} is more specific: a literal beats a parameter at the first difference, then length. */
    static int comparePaths(PathPattern a, PathPattern b) {
        int common = Math.min(a.segments().size(), b.segments().size());
        for (int i = 0; i < common; i++) {
            boolean literalA = a.segments().get(i) instanceof PathPattern.Literal;
            boolean literalB = b.segments().get(i) instanceof PathPattern.Literal;
            if (literalA != literalB) {
                return literalA ? 1 : -1;
            }
        }
        return Integer.compare(a.segments().size(), b.segments().size());
    }

    /** The path with its parameters' names forgotten: two paths of one shape match the same requests. */
    private static String shape(PathPattern path) {
        return path.text().replaceAll("\\{[a-z0-9_]*}", "{}");
    }
}
