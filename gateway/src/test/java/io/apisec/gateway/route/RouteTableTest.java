package io.apisec.gateway.route;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private static final URI API = URI.create("https://api.internal");

    @Test
    void aLiteralSegmentBeatsAParameterAtTheFirstDifference() {
        RouteTable table = new RouteTable(List.of(
                Route.builder("admin", "/orders/admin").upstream(API).phantom().scopes("orders:admin").build(),
                Route.builder("items", "/orders/{id}/items").upstream(API).phantom().scopes("orders:read").build(),
                Route.builder("orders", "/orders").upstream(API).phantom().build()));
        assertThat(name(table, "/orders/admin/items", "")).as("not the read-only template").contains("admin");
        assertThat(name(table, "/orders/42/items", "")).contains("items");
        assertThat(name(table, "/orders/42", "")).contains("orders");
        assertThat(name(table, "/other", "")).isEmpty();
    }

    @Test
    void aRouteNamingTheHostExactlyBeatsAWildcardWhichBeatsAnyHost() {
        RouteTable table = new RouteTable(List.of(
                Route.builder("any", "/orders/{id}/items").upstream(API).phantom().build(),
                Route.builder("wild", "/orders").hosts("*.example.com").upstream(API).phantom().build(),
                Route.builder("exact", "/").hosts("api.example.com").upstream(API).phantom().build()));
        assertThat(name(table, "/orders/1/items", "api.example.com")).as("exact host, however short the path")
                .contains("exact");
        assertThat(name(table, "/orders/1/items", "eu.example.com")).contains("wild");
        assertThat(name(table, "/orders/1/items", "elsewhere.test")).contains("any");
        assertThat(name(table, "/orders/1", "elsewhere.test")).isEmpty();
    }

    @Test
    void theMethodIsChosenAmongTheRoutesOfTheBestPathWithoutFallingBack() {
        RouteTable table = new RouteTable(List.of(
                Route.builder("read", "/orders/{id}").upstream(API).phantom().build(),
                Route.builder("write", "/orders/{id}").methods(HttpMethod.PUT).upstream(API).phantom().build(),
                Route.builder("open", "/").methods(HttpMethod.DELETE).upstream(API).publicBecause("test").build()));
        assertThat(table.match(HttpMethod.PUT, "/orders/1", "").map(Route::name)).contains("write");
        assertThat(table.match(HttpMethod.DELETE, "/orders/1", "")).as("no fall back to the public route").isEmpty();
    }

    @Test
    void routesThatCouldNotBeToldApartAreRefused() {
        assertThatThrownBy(() -> new RouteTable(List.of(
                Route.builder("a", "/orders/{id}").upstream(API).phantom().build(),
                Route.builder("b", "/orders/{number}").upstream(API).publicBecause("test").build())))
                .hasMessageContaining("routes a and b have paths of the same shape");
        new RouteTable(List.of(Route.builder("a", "/orders/{id}").upstream(API).phantom().build(),
                Route.builder("b", "/orders/{number}").hosts("api.example.com").upstream(API).phantom().build()));
    }

    private static Optional<String> name(RouteTable table, String path, String host) {
        return table.match(HttpMethod.GET, path, host).map(Route::name);
    }
}
