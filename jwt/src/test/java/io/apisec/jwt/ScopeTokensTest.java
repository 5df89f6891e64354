package io.apisec.jwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Required scopes are checked when a route is configured, not when a request comes. */
class ScopeTokensTest {

    @Test
    void validScopesAreReturnedInOrder() {
        assertThat(ScopeTokens.requireValid("orders:read", "https://api.example/orders.write"))
                .containsExactly("orders:read", "https://api.example/orders.write");
    }

    @Test
    void noScopeIsRefused() {
        assertThatThrownBy(ScopeTokens::requireValid).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("scopes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orders:read orders:write", "quote\"d", "back\\slash", "tab\there", "ünïcode"})
    void malformedScopeIsRefused(String scope) {
        assertThatThrownBy(() -> ScopeTokens.requireValid("orders:read", scope))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scopes");
    }
}
