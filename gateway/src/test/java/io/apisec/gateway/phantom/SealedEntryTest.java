package io.apisec.gateway.phantom;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SealedEntryTest {

    private final Instant until = Instant.parse("2026-11-29T12:00:00Z");
    private final String hash = PhantomTokenCache.keyOf("opaque-token");

    @Test
    void anEntryOpensOnlyForItsOwnTokenAndHoldsNoReadableJwt() {
        String text = SealedEntry.seal("opaque-token", hash, "7", until, "eyJhbGciOi.payload.signature").toString();
        assertThat(text).startsWith("v1.7." + until.toEpochMilli() + ".").doesNotContain("eyJ").doesNotContain("payload");

        SealedEntry entry = SealedEntry.parse(text).orElseThrow();
        assertThat(entry.generation()).isEqualTo("7");
        assertThat(entry.until()).isEqualTo(until);
        assertThat(entry.open("opaque-token", hash)).contains("eyJhbGciOi.payload.signature");
        assertThat(entry.open("another-token", PhantomTokenCache.keyOf("another-token")))
                .as("planted under another token's name, it does not open").isEmpty();
        assertThat(entry.open("another-token", hash)).isEmpty();
    }

    @Test
    void anAlteredGenerationLifetimeOrCiphertextDoesNotOpen() {
        String text = SealedEntry.seal("opaque-token", hash, "7", until, "jwt").toString();
        String[] parts = text.split("\\.");
        assertThat(SealedEntry.parse(parts[0] + ".8." + parts[2] + "." + parts[3]).orElseThrow()
                .open("opaque-token", hash)).isEmpty();
        assertThat(SealedEntry.parse(parts[0] + "." + parts[1] + "." + (until.toEpochMilli() + 60_000) + "." + parts[3])
                .orElseThrow().open("opaque-token", hash)).as("a longer life").isEmpty();
        char last = parts[3].charAt(parts[3].length() - 2);
        String flipped = parts[3].substring(0, parts[3].length() - 2) + (last == 'A' ? 'B' : 'A')
                + parts[3].charAt(parts[3].length() - 1);
        assertThat(SealedEntry.parse(parts[0] + "." + parts[1] + "." + parts[2] + "." + flipped).orElseThrow()
                .open("opaque-token", hash)).isEmpty();
    }

    @Test
    void textThatIsNotAnEntryIsNoEntry() {
        for (String text : new String[] {"", "v1.7.1", "v2.7.1.AAAA", "v1.x.1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                "v1.7.notanumber.AAAA", "v1.7.1.!!!!", "v1.7.1.AAAA", "eyJhbGciOi.x.y"}) {
            assertThat(SealedEntry.parse(text)).as(text).isEmpty();
        }
    }
}
