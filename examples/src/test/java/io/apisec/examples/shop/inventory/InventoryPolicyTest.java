package io.apisec.examples.shop.inventory;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.Rejection;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryPolicyTest {

    private static final JWK KEY = TestKeys.rsa("k1");
    private static final TestClock CLOCK = TestClock.atNow();
    private static final JwtValidator VALIDATOR = JwtValidator.builder().issuer(TestTokens.ISSUER)
            .audience("inventory-api").clock(CLOCK)
            .keySource(JwksKeySource.builder().localKeys(new LocalKeys(KEY)).clock(CLOCK).build()).build();

    private final InventoryPolicy policy = new InventoryPolicy();

    private static AccessToken token(String scope, UnaryOperator<TestTokens.Builder> claims) throws Exception {
        return VALIDATOR.validate(claims.apply(TestTokens.accessToken(KEY, CLOCK).claim("aud", "inventory-api")
                .scope(scope)).sign());
    }

    @Test
    void reserveWhenTheOrdersApiActsForACustomerThenForThatCustomer() throws Exception {
        assertThat(policy.requireReserve(token("inventory:reserve", t -> t.claim("customer_id", "c-1001")
                .claim("act", Map.of("sub", "orders-api"))))).isEqualTo("c-1001");
    }

    @Test
    void reserveWithoutTheOrdersApiAsTheActingPartyThenRefused() throws Exception {
        for (AccessToken token : new AccessToken[] {
                token("inventory:reserve", t -> t.claim("customer_id", "c-1001")),
                token("inventory:reserve", t -> t.claim("customer_id", "c-1001").claim("act", Map.of("sub", "billing"))),
                token("inventory:reserve", t -> t.claim("customer_id", "c-1001").claim("act", "orders-api")),
                // orders-api deeper in the chain is not the party acting now (RFC 8693 §4.1)
                token("inventory:reserve", t -> t.claim("customer_id", "c-1001").claim("act",
                        Map.of("sub", "billing", "act", Map.of("sub", "orders-api")))),
                token("inventory:reserve", t -> t.claim("act", Map.of("sub", "orders-api")))}) {
            assertThatThrownBy(() -> policy.requireReserve(token))
                    .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED);
        }
    }

    @Test
    void reserveWithoutTheScopeThenInsufficientScopeWhateverTheClaims() throws Exception {
        AccessToken reader = token("inventory:read", t -> t.claim("customer_id", "c-1001")
                .claim("act", Map.of("sub", "orders-api")));
        assertThatThrownBy(() -> policy.requireReserve(reader))
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.INSUFFICIENT_SCOPE);
        policy.requireRead(reader);
    }
}
