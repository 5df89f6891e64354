package io.apisec.jwt;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every failure becomes the right RFC 6750 / RFC 9457 answer, in one place. */
class BearerErrorResponseTest {

    @Test
    void missingTokenIs401WithABareChallenge() {
        BearerErrorResponse response = BearerErrorResponse.of(new TokenRejectedException(Rejection.MISSING_TOKEN), "orders");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.wwwAuthenticate()).contains("Bearer realm=\"orders\"");
    }

    @Test
    void invalidTokenIs401WithErrorAndDescription() {
        BearerErrorResponse response = BearerErrorResponse.of(new TokenRejectedException(Rejection.EXPIRED), "orders");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.wwwAuthenticate()).contains(
                "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The access token has expired\"");
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"invalid_token\",\"error_description\":\"The access token has expired\"}");
        assertThat(response.retryAfter()).isEmpty();
    }

    @Test
    void insufficientScopeIs403NamingTheScopes() {
        TokenRejectedException e = new TokenRejectedException(Rejection.INSUFFICIENT_SCOPE, List.of("orders:write"));

        BearerErrorResponse response = BearerErrorResponse.of(e, "orders");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.wwwAuthenticate()).hasValueSatisfying(v -> assertThat(v)
                .contains("error=\"insufficient_scope\"").endsWith("scope=\"orders:write\""));
    }

    @Test
    void invalidRequestIs400() {
        BearerErrorResponse response =
                BearerErrorResponse.of(new TokenRejectedException(Rejection.MULTIPLE_CREDENTIALS), "orders");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.wwwAuthenticate()).hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_request\""));
    }

    @Test
    void keySourceFailureIs503ProblemWithoutChallengeOrDetails() {
        KeySourceUnavailableException e = new KeySourceUnavailableException(
                "JWKS https://internal.example/jwks unreachable: connection refused", null);

        BearerErrorResponse response = BearerErrorResponse.of(e, "orders");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.wwwAuthenticate()).isEmpty();
        assertThat(response.retryAfter()).contains("30");
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"status\":503").doesNotContain("internal.example")
                .doesNotContain("invalid_token");
    }

    @Test
    void everyRejectionDescriptionIsAValidRfc6750ErrorDescription() {
        for (Rejection reason : Rejection.values()) {
            assertThat(reason.description().chars())
                    .as(reason.name()).allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
        }
    }

    @Test
    void realmsThatWouldBreakTheHeaderAreRefused() {
        assertThatThrownBy(() -> BearerChallenge.requireValidRealm("a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BearerChallenge.requireValidRealm("a\r\nSet-Cookie: x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BearerChallenge.requireValidRealm("orders api")).isEqualTo("orders api");
    }
}
