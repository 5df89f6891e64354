package io.apisec.jwt.servlet;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mistakes in setting the filters up fail at once, not at request time. */
class JwtAuthFilterConfigurationTest {

    @Test
    void filterWithoutValidatorIsRefused() {
        assertThatThrownBy(() -> new JwtAuthFilter(null, "orders"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("validator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "say \"hi\"", "back\\slash", "caf\u00e9", "line\nbreak"})
    void scopeFilterWithMalformedRealmIsRefused(String realm) {
        assertThatThrownBy(() -> JwtAuthFilter.requireScopes(realm, "orders:read"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("realm:");
    }

    @Test
    void scopeFilterWithoutScopesIsRefused() {
        assertThatThrownBy(() -> JwtAuthFilter.requireScopes("orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scopes:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orders:read orders:write", "say\"hi\"", "back\\slash", "caf\u00e9"})
    void scopeFilterWithMalformedScopeIsRefused(String scope) {
        assertThatThrownBy(() -> JwtAuthFilter.requireScopes("orders", "orders:read", scope))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scopes:");
    }

    @Test
    void scopeFilterWithNullScopeIsRefused() {
        assertThatThrownBy(() -> JwtAuthFilter.requireScopes("orders", (String) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scopes:");
    }

    @Test
    void accessTokenWhenFilterDidNotRunThenIllegalState() {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> null;
                    case "getRequestURI" -> "/api/items";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        assertThatThrownBy(() -> JwtAuthFilter.accessToken(request))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JwtAuthFilter did not run");
    }
}
