package io.apisec.tokenserver.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointTest {

    @ParameterizedTest
    @CsvSource({
            "/oauth/token, TOKEN",
            "/oauth/token/, TOKEN",
            "/oauth/introspect, INTROSPECT",
            "/oauth/revoke, REVOKE",
            "/oauth/jwks, JWKS",
            "/.well-known/oauth-authorization-server, METADATA",
            "/health/live, HEALTH",
            "/health/ready, HEALTH",
            "/admin, ADMIN",
            "/admin/keys/rotate, ADMIN"})
    void knownPathWhenClassifiedThenItsEndpoint(String path, Endpoint expected) {
        assertThat(Endpoint.of(path)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/oauth/token2", "/OAUTH/TOKEN", "/oauth", "/administrator", "/health/live/x",
            "/x/oauth/token", "/metrics", ""})
    void unknownPathWhenClassifiedThenOther(String path) {
        assertThat(Endpoint.of(path)).isEqualTo(Endpoint.OTHER);
    }

    @Test
    void nullPathWhenClassifiedThenOther() {
        assertThat(Endpoint.of(null)).isEqualTo(Endpoint.OTHER);
    }

    @Test
    void tagsAreTheLowercaseNames() {
        assertThat(Endpoint.values()).extracting(Endpoint::tag).containsExactly(
                "token", "introspect", "revoke", "jwks", "metadata", "health", "admin", "other");
    }

    @Test
    void underAnIssuerPathOnlyTheOAuthEndpointsThereAndHealthAtTheRootAreKnown() {
        assertThat(Endpoint.of("/t/oauth/token", "/t")).isEqualTo(Endpoint.TOKEN);
        assertThat(Endpoint.of("/t/oauth/jwks/", "/t")).isEqualTo(Endpoint.JWKS);
        assertThat(Endpoint.of("/.well-known/oauth-authorization-server/t", "/t")).isEqualTo(Endpoint.METADATA);
        assertThat(Endpoint.of("/health/ready", "/t")).isEqualTo(Endpoint.HEALTH);
        assertThat(Endpoint.of("/oauth/token", "/t")).as("the root's token path is a 404 there").isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/.well-known/oauth-authorization-server", "/t")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/t/health/live", "/t")).isEqualTo(Endpoint.OTHER);
        assertThat(Endpoint.of("/oauth/token", "")).isEqualTo(Endpoint.TOKEN);
        assertThat(Endpoint.of("/health/live", "/health")).as("an issuer path that looks like health").isEqualTo(Endpoint.HEALTH);
        assertThat(Endpoint.of("/health/oauth/token", "/health")).isEqualTo(Endpoint.TOKEN);
    }
}
