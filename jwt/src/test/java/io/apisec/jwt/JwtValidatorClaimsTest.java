package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The claims and size rules, with the default 30 s leeway unless a test says otherwise. */
class JwtValidatorClaimsTest {

    private static final JWK KEY = TestKeys.rsa("k1");
    private static final Duration LEEWAY = Duration.ofSeconds(30);

    private ValidatorFixture fx;
    private Instant now;

    @BeforeEach
    void start() {
        fx = new ValidatorFixture(KEY);
        now = fx.clock.instant();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void validateWhenExpiredThenRejected() {
        String token = fx.token(KEY).issuedAt(now.minusSeconds(600)).expiresAt(now.minusSeconds(31)).sign();

        assertRejected(token, Rejection.EXPIRED);
    }

    @Test
    void validateWhenExpIsExactlyNowPlusLeewayBoundaryThenRejected() throws Exception {
        String atBoundary = fx.token(KEY).issuedAt(now.minusSeconds(600)).expiresAt(now.minus(LEEWAY)).sign();
        String justInside = fx.token(KEY).issuedAt(now.minusSeconds(600)).expiresAt(now.minus(LEEWAY).plusSeconds(1)).sign();

        assertRejected(atBoundary, Rejection.EXPIRED);
        assertThat(fx.validator.validate(justInside)).isNotNull();
    }

    @Test
    void validateWhenExpIsExactlyNowWithoutLeewayThenRejected() throws Exception {
        try (ValidatorFixture strict = new ValidatorFixture(UnaryOperator.identity(),
                b -> b.clockLeeway(Duration.ZERO), KEY)) {
            Instant t = strict.clock.instant();
            String expiresNow = strict.token(KEY).issuedAt(t.minusSeconds(60)).expiresAt(t).sign();
            String expiresInOneSecond = strict.token(KEY).issuedAt(t.minusSeconds(60)).expiresAt(t.plusSeconds(1)).sign();

            assertThatThrownBy(() -> strict.validator.validate(expiresNow))
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Rejection.EXPIRED));
            assertThat(strict.validator.validate(expiresInOneSecond)).isNotNull();
        }
    }

    @Test
    void validateWhenTokenExpiresWhileClockMovesThenRejectedAtExpiryPlusLeeway() throws Exception {
        String token = fx.token(KEY).expiresAt(now.plusSeconds(60)).sign();
        assertThat(fx.validator.validate(token)).isNotNull();

        fx.clock.advance(Duration.ofSeconds(60).plus(LEEWAY).minusMillis(1));
        assertThat(fx.validator.validate(token)).isNotNull();

        fx.clock.advance(Duration.ofMillis(1));
        assertRejected(token, Rejection.EXPIRED);
    }

    @Test
    void validateWhenNotBeforeIsInTheFutureThenRejected() throws Exception {
        assertRejected(fx.token(KEY).notBefore(now.plus(LEEWAY).plusSeconds(1)).sign(), Rejection.NOT_YET_VALID);
        assertRejected(fx.token(KEY).notBefore(now.plus(LEEWAY)).sign(), Rejection.NOT_YET_VALID);
        assertThat(fx.validator.validate(fx.token(KEY).notBefore(now.plus(LEEWAY).minusSeconds(1)).sign())).isNotNull();
    }

    @Test
    void validateWhenIssuedInTheFutureBeyondLeewayThenRejected() throws Exception {
        assertRejected(fx.token(KEY).issuedAt(now.plus(LEEWAY).plusSeconds(1)).sign(), Rejection.ISSUED_IN_FUTURE);
        assertThat(fx.validator.validate(fx.token(KEY).issuedAt(now.plus(LEEWAY)).sign())).isNotNull();
    }

    @Test
    void validateWhenExpiryBeforeIssueThenRejected() {
        String token = fx.token(KEY).issuedAt(now.plusSeconds(20)).expiresAt(now.plusSeconds(10)).sign();

        assertRejected(token, Rejection.INVALID_CLAIM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "iat", "iss", "jti"})
    void validateWhenRequiredClaimMissingThenRejected(String claim) {
        assertRejected(fx.token(KEY).without(claim).sign(), Rejection.MISSING_CLAIM);
    }

    @Test
    void validateWhenNeitherSubjectNorClientIdThenRejected() {
        assertRejected(fx.token(KEY).without("sub").without("client_id").sign(), Rejection.MISSING_CLAIM);
    }

    @Test
    void validateWhenOnlySubjectOrOnlyClientIdThenAccepted() throws Exception {
        assertThat(fx.validator.validate(fx.token(KEY).without("client_id").sign()).subject()).contains("alice");
        assertThat(fx.validator.validate(fx.token(KEY).without("sub").sign()).clientId()).contains("web-app");
    }

    @Test
    void validateWhenMissingJtiAllowedExplicitlyThenAccepted() throws Exception {
        try (ValidatorFixture lenient = new ValidatorFixture(UnaryOperator.identity(),
                JwtValidator.Builder::allowMissingJwtId, KEY)) {
            assertThat(lenient.validator.validate(lenient.token(KEY).without("jti").sign()).tokenId()).isEmpty();
        }
    }

    @Test
    void validateWhenExtraRequiredClaimMissingThenRejected() throws Exception {
        try (ValidatorFixture tenanted = new ValidatorFixture(UnaryOperator.identity(),
                b -> b.requireClaims("tenant"), KEY)) {
            assertThatThrownBy(() -> tenanted.validator.validate(tenanted.token(KEY).sign()))
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Rejection.MISSING_CLAIM));
            assertThat(tenanted.validator.validate(tenanted.token(KEY).claim("tenant", "acme").sign())).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "https://as.apisec.test/", "HTTPS://AS.APISEC.TEST", ""})
    void validateWhenIssuerDiffersThenRejected(String issuer) {
        assertRejected(fx.token(KEY).claim("iss", issuer).sign(), Rejection.WRONG_ISSUER);
    }

    @Test
    void validateWhenAudienceDiffersOrMissingThenRejected() {
        assertRejected(fx.token(KEY).claim("aud", "billing-api").sign(), Rejection.WRONG_AUDIENCE);
        assertRejected(fx.token(KEY).claim("aud", List.of("billing-api", "hr-api")).sign(), Rejection.WRONG_AUDIENCE);
        assertRejected(fx.token(KEY).without("aud").sign(), Rejection.WRONG_AUDIENCE);
    }

    @Test
    void validateWhenOneOfSeveralAudiencesIsOursThenAccepted() throws Exception {
        AccessToken token = fx.validator.validate(
                fx.token(KEY).claim("aud", List.of("billing-api", TestTokens.AUDIENCE)).sign());

        assertThat(token.audiences()).containsExactly("billing-api", TestTokens.AUDIENCE);
    }

    @Test
    void validateWhenAudienceIgnoredExplicitlyThenAnyAudienceAccepted() throws Exception {
        JwtValidator anyAudience = JwtValidator.builder().issuer(TestTokens.ISSUER).ignoreAudience()
                .keySource(fx.keys).clock(fx.clock).build();

        assertThat(anyAudience.validate(fx.token(KEY).claim("aud", "billing-api").sign())).isNotNull();
    }

    @Test
    void validateWhenLifetimeExceedsMaximumThenRejected() throws Exception {
        try (ValidatorFixture bounded = new ValidatorFixture(UnaryOperator.identity(),
                b -> b.maxLifetime(Duration.ofHours(1)), KEY)) {
            Instant t = bounded.clock.instant();
            String twoHours = bounded.token(KEY).issuedAt(t).expiresAt(t.plus(Duration.ofHours(2))).sign();
            String oneHour = bounded.token(KEY).issuedAt(t).expiresAt(t.plus(Duration.ofHours(1))).sign();

            assertThatThrownBy(() -> bounded.validator.validate(twoHours))
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(Rejection.LIFETIME_TOO_LONG));
            assertThat(bounded.validator.validate(oneHour)).isNotNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT", "jwt", "application/jwt", "id_token+jwt", "at+jwt+evil"})
    void validateWhenTypeIsNotAccessTokenThenRejected(String type) {
        assertRejected(fx.token(KEY).type(type).sign(), Rejection.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt"})
    void validateWhenTypeIsAccessTokenInAnyAllowedSpellingThenAccepted(String type) throws Exception {
        assertThat(fx.validator.validate(fx.token(KEY).type(type).sign())).isNotNull();
    }

    @Test
    void validateWhenTokenLongerThanLimitThenRejectedBeforeParsing() {
        String garbageOverLimit = "x".repeat(8 * 1024 + 1);
        String garbageAtLimit = "x".repeat(8 * 1024);
        String signedButHuge = fx.token(KEY).claim("padding", "p".repeat(9000)).sign();

        assertRejected(garbageOverLimit, Rejection.TOO_LARGE);
        assertRejected(garbageAtLimit, Rejection.MALFORMED);
        assertRejected(signedButHuge, Rejection.TOO_LARGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d.e.f", "eyJ!!!.eyJ.sig", "....", "eyJhbGciOiJSUzI1NiJ9"})
    void validateWhenNotACompactJwtThenRejected(String token) {
        assertRejected(token, Rejection.MALFORMED);
    }

    @Test
    void validateWhenPayloadIsNotJsonThenRejected() {
        String header = "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}";
        String token = TestTokens.compact(header, "{\"sub\":\"alice\",", Base64URL.encode("sig"));

        assertRejected(token, Rejection.MALFORMED);
    }

    @Test
    void validateWhenHeaderIsNotJsonThenRejected() {
        String token = Base64URL.encode("{alg:RS256") + "." + Base64URL.encode("{}") + "." + Base64URL.encode("sig");

        assertRejected(token, Rejection.MALFORMED);
    }

    @Test
    void validateWhenTokenIsBoundToAKeyThenRejected() {
        // A DPoP- or mTLS-bound token (RFC 9449, RFC 8705) must not be usable as a plain bearer token.
        String bound = fx.token(KEY).claim("cnf", java.util.Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).sign();

        assertRejected(bound, Rejection.SENDER_CONSTRAINED);
    }

    @Test
    void validateWhenAudienceArrayHoldsNullThenRejected() {
        assertRejected(fx.token(KEY).claim("aud", java.util.Arrays.asList(null, TestTokens.AUDIENCE)).sign(),
                Rejection.INVALID_CLAIM);
    }

    @Test
    void buildWhenKeySourceDiscoversFromAnotherIssuerThenRefused() {
        try (var keys = io.apisec.jwt.jwks.JwksKeySource.builder()
                .issuer(java.net.URI.create("https://other.example")).build()) {
            assertThatThrownBy(() -> JwtValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                    .keySource(keys).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("issuer");
        }
    }

    @Test
    void validateWhenScopeClaimIsNotAStringThenRejected() {
        assertRejected(fx.token(KEY).claim("scope", 42).sign(), Rejection.INVALID_CLAIM);
        assertRejected(fx.token(KEY).claim("client_id", List.of("a", "b")).sign(), Rejection.INVALID_CLAIM);
    }

    private void assertRejected(String token, Rejection reason) {
        assertThatThrownBy(() -> fx.validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
