package io.apisec.gateway.ratelimit;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateKeyTest {

    private final TestClock clock = TestClock.atNow();
    private final JWK key = TestKeys.rsa("k1");

    @Test
    void eachKeyNamesWhoseBudgetARequestSpends() throws Exception {
        AccessToken token = token(t -> t.claim("client_id", "app-1").claim("sub", "user-7")
                .claim("owner", "acme").claim("tenant", "eu-1"));
        assertThat(RateKey.parse("client").of(token, "192.0.2.1")).isEqualTo("client:app-1");
        assertThat(RateKey.parse("subject").of(token, "192.0.2.1")).isEqualTo("subject:user-7");
        assertThat(RateKey.parse("address").of(token, "192.0.2.1")).isEqualTo("address:192.0.2.1");
        assertThat(RateKey.parse("route").of(token, "192.0.2.1")).isEqualTo("route");
        assertThat(RateKey.parse("owner").of(token, "192.0.2.1")).isEqualTo("owner:acme");
        assertThat(RateKey.parse("claim:tenant").of(token, "192.0.2.1")).isEqualTo("claim:tenant=eu-1");
    }

    @Test
    void aRequestWithoutWhatTheKeyNamesIsNeverUnlimited() throws Exception {
        AccessToken plain = token(t -> t.claim("client_id", "app-2").claim("sub", "app-2"));
        assertThat(RateKey.parse("owner").of(plain, "192.0.2.1")).as("no owner claim: the client's").isEqualTo("client:app-2");
        assertThat(RateKey.parse("claim:tenant").of(plain, "192.0.2.1")).isEqualTo("client:app-2");
        assertThat(RateKey.parse("client").of(null, "192.0.2.1")).as("no token: the address's")
                .isEqualTo("address:192.0.2.1");
        assertThat(RateKey.parse("owner").of(null, "2001:db8::1")).isEqualTo("address:2001:db8::1");
    }

    @Test
    void onlyTheKnownKeysAreRead() {
        for (String bad : new String[] {"", "Client", "claim:", "claim:a b", "tenant", "claim:" + "x".repeat(65)}) {
            assertThatThrownBy(() -> RateKey.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(RateKey.parse("claim:org.id").label()).isEqualTo("claim:org.id");
    }

    private AccessToken token(UnaryOperator<TestTokens.Builder> claims) throws Exception {
        String jwt = claims.apply(TestTokens.accessToken(key, clock)).sign();
        return JwtValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .keySource(JwksKeySource.builder().localKeys(new LocalKeys(key)).clock(clock).build()).clock(clock)
                .build().validate(jwt);
    }
}
