package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A token server checking its own tokens against the keys it holds, end to end through the validator. */
class LocalKeysValidationTest {

    private static final JWK OLD = TestKeys.ec("2026-10");
    private static final JWK NEW = TestKeys.ed25519("2026-11");
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);

    private final TestClock clock = TestClock.atNow();
    private final LocalKeys keys = new LocalKeys(OLD);
    private final JwksKeySource keySource = JwksKeySource.builder().localKeys(keys).clock(clock).build();
    private final JwtValidator validator = JwtValidator.builder()
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .keySource(keySource)
            .clock(clock)
            .build();

    @AfterEach
    void stop() {
        keySource.close();
    }

    private TestTokens.Builder token(JWK key) {
        return TestTokens.accessToken(key, clock).scope("apisec:admin");
    }

    @Test
    void tokenSignedByASuppliedKeyValidates() throws Exception {
        AccessToken token = validator.validate(token(OLD).sign());

        assertThat(token.keyId()).contains("2026-10");
        assertThat(token.hasScope("apisec:admin")).isTrue();
        assertThat(keys.reads()).isEqualTo(1);
    }

    @Test
    void issuerIsStillCheckedAgainstTheValidatorsSetting() {
        String foreign = token(OLD).claim("iss", "https://other.example").sign();

        assertThatThrownBy(() -> validator.validate(foreign))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.WRONG_ISSUER));
    }

    @Test
    void rotatedKeyValidatesAfterOneUnknownKidRead() throws Exception {
        validator.validate(token(OLD).sign());

        keys.serve(OLD, NEW);
        AccessToken rotated = validator.validate(token(NEW).sign());

        assertThat(rotated.keyId()).contains("2026-11");
        assertThat(keys.reads()).isEqualTo(2);
        assertThat(validator.validate(token(OLD).sign())).isNotNull();
        assertThat(keys.reads()).isEqualTo(2);
    }

    @Test
    void unknownKidInsideTheIntervalIsRefusedWithoutAnotherRead() throws Exception {
        validator.validate(token(OLD).sign());
        String unknown = token(NEW).sign();

        assertRejectedUnknownKey(unknown);
        assertRejectedUnknownKey(unknown);

        assertThat(keys.reads()).isEqualTo(2);
    }

    @Test
    void supplierFailingBeforeAnyKeySetIsHeldIsA503() {
        keys.fail(new IllegalStateException("signing keys not loaded yet"));

        assertThatThrownBy(() -> validator.validate(token(OLD).sign()))
                .isInstanceOfSatisfying(KeySourceUnavailableException.class, e -> {
                    assertThat(e).hasMessageContaining("in-process keys");
                    assertThat(BearerErrorResponse.of(e, "admin").status()).isEqualTo(503);
                });
    }

    @Test
    void supplierFailingLaterKeepsServingTheLastGoodKeys() throws Exception {
        String token = token(OLD).expiresAt(clock.instant().plus(Duration.ofHours(1))).sign();
        validator.validate(token);

        keys.fail(new IllegalStateException("key store closed"));
        clock.advance(CACHE_TTL.plusSeconds(1));

        assertThat(validator.validate(token)).isNotNull();
        assertThatThrownBy(() -> validator.validate(token(NEW).sign()))
                .as("an unknown kid cannot be looked for while the keys cannot be read")
                .isInstanceOf(KeySourceUnavailableException.class);
    }

    private void assertRejectedUnknownKey(String token) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
    }
}
