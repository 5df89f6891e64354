package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optional cache of validated tokens. Key removal and outages are in {@link JwksRotationTest}. */
class ValidationCacheTest {

    private static final JWK KEY = TestKeys.rsa("k1");

    private ValidatorFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void repeatedTokenIsServedFromTheCache() throws Exception {
        fx = new ValidatorFixture(k -> k, b -> b.cacheValidations(100), KEY);
        String token = fx.token(KEY).sign();

        AccessToken first = fx.validator.validate(token);
        AccessToken second = fx.validator.validate(token);

        assertThat(second).isSameAs(first);
        assertThat(fx.validator.cachedEntries()).isEqualTo(1);
    }

    @Test
    void cachedEntryNeverOutlivesTheTokensExpiry() throws Exception {
        fx = new ValidatorFixture(k -> k, b -> b.cacheValidations(100).clockLeeway(Duration.ZERO), KEY);
        Instant exp = fx.clock.instant().plusSeconds(60);
        String token = fx.token(KEY).expiresAt(exp).sign();
        fx.validator.validate(token);

        fx.clock.advance(Duration.ofSeconds(59));
        assertThat(fx.validator.validate(token)).isNotNull();

        fx.clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> fx.validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.EXPIRED));
    }

    @Test
    void cacheIsBoundedInSize() throws Exception {
        fx = new ValidatorFixture(k -> k, b -> b.cacheValidations(10), KEY);

        for (int i = 0; i < 50; i++) {
            fx.validator.validate(fx.token(KEY).sign());
        }

        assertThat(fx.validator.cachedEntries()).isLessThanOrEqualTo(10);
    }

    @Test
    void rejectedTokensAreNotCached() {
        fx = new ValidatorFixture(k -> k, b -> b.cacheValidations(100), KEY);
        String expired = fx.token(KEY).issuedAt(fx.clock.instant().minusSeconds(600))
                .expiresAt(fx.clock.instant().minusSeconds(300)).sign();

        assertThatThrownBy(() -> fx.validator.validate(expired)).isInstanceOf(TokenRejectedException.class);
        assertThat(fx.validator.cachedEntries()).isZero();
    }

    @Test
    void tokensWithoutKidAreNotCached() throws Exception {
        fx = new ValidatorFixture(k -> k, b -> b.cacheValidations(100), KEY);

        fx.validator.validate(fx.token(KEY).keyId(null).sign());

        assertThat(fx.validator.cachedEntries()).isZero();
    }

    @Test
    void cacheKeyIsTheSha256OfTheToken() {
        ValidationCache cache = new ValidationCache(10, fx().clock);

        assertThat(cache.hash("abc")).isEqualTo(cache.hash("abc"));
        assertThat(cache.hash("abc")).isNotEqualTo(cache.hash("abd"));
        // FIPS 180-2 test vector: SHA-256("abc") = ba7816bf 8f01cfea ...
        assertThat(Long.toHexString(cache.hash("abc").a())).isEqualTo("ba7816bf8f01cfea");
    }

    private ValidatorFixture fx() {
        fx = new ValidatorFixture(KEY);
        return fx;
    }
}
