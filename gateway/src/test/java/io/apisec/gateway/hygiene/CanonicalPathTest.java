package io.apisec.gateway.hygiene;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanonicalPathTest {

    @ParameterizedTest(name = "{0} routes as {1}, goes upstream as {2}")
    @CsvSource(delimiter = '|', value = {
            "/|/|/",
            "/orders/42|/orders/42|/orders/42",
            "/orders/|/orders/|/orders/",
            "/%6Frders/42|/orders/42|/orders/42",
            "/files/a%20b|/files/a b|/files/a%20b",
            "/caf%C3%A9|/café|/caf%C3%A9",
            "/a:b@c!$&'()*+,=|/a:b@c!$&'()*+,=|/a:b@c!$&'()*+,=",
            "/x%7b%7D|/x{}|/x%7B%7D",
            "/v1.2/..x/.y|/v1.2/..x/.y|/v1.2/..x/.y",
    })
    void anUnambiguousPathHasOneDecodedAndOneEncodedSpelling(String raw, String decoded, String encoded) throws Exception {
        CanonicalPath path = CanonicalPath.of(raw);
        assertThat(path.decoded()).isEqualTo(decoded);
        assertThat(path.encoded()).isEqualTo(encoded);
        assertThat(CanonicalPath.of(path.encoded())).as("the upstream's spelling reads the same").isEqualTo(path);
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "/admin%2Fusers|encoded slash",
            "/admin%2fusers|encoded slash",
            "/admin%5Cusers|encoded backslash",
            "/admin\\users|backslash",
            "/public/../admin|dot segment",
            "/public/./admin|dot segment",
            "/public/..|dot segment",
            "/public/%2e%2e/admin|dot segment",
            "/public/%2E/admin|dot segment",
            "/public/.%2e/admin|dot segment",
            "/public//admin|empty segment",
            "//admin|empty segment",
            "/public;jsessionid=1/admin|semicolon",
            "/public%3B/admin|semicolon",
            "/a%00b|control character",
            "/a%0Ab|control character",
            "/a%7Fb|control character",
            "/a%C2%85b|control character",
            "/a%252Fb|encoded percent",
            "/a%2|malformed percent-encoding",
            "/a%|malformed percent-encoding",
            "/a%G0|malformed percent-encoding",
            "/%C0%AE%C0%AE/admin|invalid UTF-8",
            "/%C0%AF|invalid UTF-8",
            "/%E0%80%AF|invalid UTF-8",
            "/%ED%A0%80|invalid UTF-8",
            "/%FF|invalid UTF-8",
            "/%C3|invalid UTF-8",
            "orders|not an absolute path",
            "*|not an absolute path",
            "http://evil.example/x|not an absolute path",
    })
    void anAmbiguousPathIsRefusedWithItsReason(String raw, String reason) {
        assertThatThrownBy(() -> CanonicalPath.of(raw)).isInstanceOfSatisfying(AmbiguousPathException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void rawControlAndNonAsciiCharactersAreRefusedToo() {
        assertThatThrownBy(() -> CanonicalPath.of("/a\u0000b")).isInstanceOf(AmbiguousPathException.class);
        assertThatThrownBy(() -> CanonicalPath.of("/a\tb")).isInstanceOf(AmbiguousPathException.class);
        assertThatThrownBy(() -> CanonicalPath.of("/caf\u00e9")).isInstanceOfSatisfying(AmbiguousPathException.class,
                e -> assertThat(e.reason()).isEqualTo("raw non-ASCII character"));
        assertThatThrownBy(() -> CanonicalPath.of("")).isInstanceOf(AmbiguousPathException.class);
        assertThatThrownBy(() -> CanonicalPath.of(null)).isInstanceOf(AmbiguousPathException.class);
    }

    @Test
    void anOverlongPathIsRefusedBeforeDecoding() {
        String path = "/" + "a".repeat(CanonicalPath.MAX_LENGTH);
        assertThatThrownBy(() -> CanonicalPath.of(path)).isInstanceOfSatisfying(AmbiguousPathException.class,
                e -> assertThat(e.reason()).isEqualTo("too long"));
    }

    @Test
    void theReasonNeverQuotesThePath() {
        assertThatThrownBy(() -> CanonicalPath.of("/secret-token-in-path/../x"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }
}
