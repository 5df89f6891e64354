package io.apisec.gateway.route;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    @Test
    void coversAnswersAsMatchDoesForEveryPathTried() {
        List<String> patterns = List.of("/", "/orders", "/orders/{id}", "/orders/{id}/items", "/{a}/{b}", "/a/b/c");
        List<String> parts = List.of("", "orders", "ordersx", "42", "items", "a", "b", "c");
        List<String> paths = new java.util.ArrayList<>(List.of("/"));
        for (String first : parts) {
            paths.add("/" + first);
            for (String second : parts) {
                paths.add("/" + first + "/" + second);
                for (String third : parts) {
                    paths.add("/" + first + "/" + second + "/" + third);
                }
            }
        }
        for (String text : patterns) {
            PathPattern pattern = PathPattern.parse(text);
            for (String path : paths) {
                assertThat(pattern.covers(path)).as(text + " covers " + path)
                        .isEqualTo(pattern.match(path).isPresent());
            }
        }
    }

    @Test
    void aPatternCoversThePathsItMatchesAndWhatLiesUnderThemAtASegmentBoundary() {
        PathPattern items = PathPattern.parse("/orders/{id}/items");
        assertThat(items.match("/orders/42/items")).hasValueSatisfying(match -> {
            assertThat(match.parameters()).containsExactly(Map.entry("id", "42"));
            assertThat(match.rest()).isEmpty();
        });
        assertThat(items.match("/orders/42/items/7/")).hasValueSatisfying(match ->
                assertThat(match.rest()).containsExactly("7", ""));
        assertThat(items.match("/orders/42/itemsx")).isEmpty();
        assertThat(items.match("/orders/42")).isEmpty();
        assertThat(items.match("/orders//items")).as("a parameter takes a non-empty segment").isEmpty();
        assertThat(PathPattern.parse("/").match("/anything/at/all")).isPresent();
        assertThat(PathPattern.parse("/orders").match("/ordersx")).isEmpty();
    }

    @Test
    void aTemplateIsWrittenOutWithTheParametersAndTheRest() {
        PathPattern target = PathPattern.parse("/v2/items/{id}");
        assertThat(target.expand(Map.of("id", "42"), List.of("7"))).isEqualTo("/v2/items/42/7");
        assertThat(PathPattern.parse("/").expand(Map.of(), List.of())).isEqualTo("/");
        assertThat(target.parameters()).containsExactly("id");
        assertThat(target.literals()).isEqualTo(2);
    }

    @Test
    void onlyWellFormedPatternsAreRead() {
        for (String bad : new String[] {"orders", "/orders/", "/orders//x", "/orders/../x", "/orders/{Id}",
                "/orders/{id}x", "/orders/{id}/{id}", "/{}", "/a/{b"}) {
            assertThatThrownBy(() -> PathPattern.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRouteTakesItsHostsAndOneLabelUnderAWildcard() {
        Route route = Route.builder("r", "/").hosts("api.example.com", "*.partners.example.com")
                .upstream(URI.create("https://upstream")).phantom().build();
        assertThat(route.takesHost("api.example.com")).isTrue();
        assertThat(route.takesHost("API.Example.com.")).isTrue();
        assertThat(route.takesHost("acme.partners.example.com")).isTrue();
        assertThat(route.takesHost("a.b.partners.example.com")).isFalse();
        assertThat(route.takesHost(".partners.example.com")).isFalse();
        assertThat(route.takesHost("partners.example.com")).isFalse();
        assertThat(route.takesHost("example.com")).isFalse();
        assertThat(route.takesHost("")).isFalse();
        assertThatThrownBy(() -> Route.builder("r", "/").hosts("Bad_Host").upstream(URI.create("https://u"))
                .phantom().build()).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> Route.builder("r", "/orders").upstream(URI.create("https://u")).phantom()
                .rewrite(new Rewrite(java.util.Optional.of(PathPattern.parse("/x/{id}")), Map.of(), java.util.Set.of()))
                .build()).hasMessageContaining("parameter its path does not have");
    }
}
