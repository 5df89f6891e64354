package io.apisec.jwt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One credential, in the Authorization header, by one method (practice 8). */
class BearerCredentialsTest {

    @Test
    void extractsTheTokenFromTheAuthorizationHeader() throws Exception {
        assertThat(BearerCredentials.extract(List.of("Bearer abc.def.ghi"), false, false)).isEqualTo("abc.def.ghi");
        assertThat(BearerCredentials.extract(List.of("bearer abc.def.ghi"), false, false)).isEqualTo("abc.def.ghi");
    }

    @Test
    void noCredentialsIsMissingToken() {
        assertReason(List.of(), false, false, Rejection.MISSING_TOKEN);
    }

    @Test
    void anotherSchemeIsTreatedAsNoBearerToken() {
        assertReason(List.of("Basic dXNlcjpwYXNz"), false, false, Rejection.MISSING_TOKEN);
        assertReason(List.of("DPoP abc.def.ghi"), false, false, Rejection.MISSING_TOKEN);
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        assertReason(List.of("Bearer a.b.c", "Bearer d.e.f"), false, false, Rejection.MULTIPLE_CREDENTIALS);
        assertReason(List.of("Bearer a.b.c", "Basic dXNlcjpwYXNz"), false, false, Rejection.MULTIPLE_CREDENTIALS);
    }

    @Test
    void headerPlusQueryOrBodyTokenIsRefused() {
        assertReason(List.of("Bearer a.b.c"), true, false, Rejection.MULTIPLE_CREDENTIALS);
        assertReason(List.of("Bearer a.b.c"), false, true, Rejection.MULTIPLE_CREDENTIALS);
        assertReason(List.of(), true, true, Rejection.MULTIPLE_CREDENTIALS);
    }

    @Test
    void tokenOnlyInQueryOrBodyIsRefused() {
        assertReason(List.of(), true, false, Rejection.TOKEN_NOT_IN_HEADER);
        assertReason(List.of(), false, true, Rejection.TOKEN_NOT_IN_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  a.b.c", "Bearer a.b.c ", "Bearer a b", "Bearer a\"b",
            "Bearer a.b.c=x", "Bearer ====", "Bearer a,b"})
    void malformedBearerHeaderIsRefused(String header) {
        assertReason(List.of(header), false, false, Rejection.MALFORMED_AUTHORIZATION);
    }

    @Test
    void paddingIsAllowedAtTheEndOnly() throws Exception {
        assertThat(BearerCredentials.extract(List.of("Bearer abc=="), false, false)).isEqualTo("abc==");
    }

    private static void assertReason(List<String> headers, boolean query, boolean body, Rejection reason) {
        assertThatThrownBy(() -> BearerCredentials.extract(headers, query, body))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
