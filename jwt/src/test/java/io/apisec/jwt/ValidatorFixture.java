package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestTls;
import io.apisec.jwt.testing.TestTokens;

import java.util.function.UnaryOperator;

/** A JWKS server on loopback HTTPS, a key source on it, and a validator, all on one test clock. */
final class ValidatorFixture implements AutoCloseable {

    final TestClock clock = TestClock.atNow();
    final JwksServer jwks = JwksServer.https();
    final JwksKeySource keys;
    final JwtValidator validator;

    ValidatorFixture(JWK... published) {
        this(UnaryOperator.identity(), UnaryOperator.identity(), published);
    }

    ValidatorFixture(UnaryOperator<JwksKeySource.Builder> keySourceOptions,
                     UnaryOperator<JwtValidator.Builder> validatorOptions, JWK... published) {
        jwks.publish(published);
        keys = keySourceOptions.apply(JwksKeySource.builder()
                .jwksUri(jwks.jwksUri())
                .sslContext(TestTls.get().clientContext())
                .clock(clock)).build();
        validator = validatorOptions.apply(JwtValidator.builder()
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .keySource(keys)
                .clock(clock)).build();
    }

    TestTokens.Builder token(JWK key) {
        return TestTokens.accessToken(key, clock);
    }

    @Override
    public void close() {
        keys.close();
        jwks.close();
    }
}
