package io.apisec.examples.shop.orders;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.Rejection;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrdersPolicyTest {

    private static final JWK KEY = TestKeys.rsa("k1");
    private static final TestClock CLOCK = TestClock.atNow();
    private static final JwtValidator VALIDATOR = JwtValidator.builder().issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE).clock(CLOCK)
            .keySource(JwksKeySource.builder().localKeys(new LocalKeys(KEY)).clock(CLOCK).build()).build();
    private static final Order ALICES = new Order("o-1", "c-1001", "grinder", 1, 12_900);

    private final OrdersPolicy policy = new OrdersPolicy();

    private static AccessToken token(String scope, UnaryOperator<TestTokens.Builder> claims) throws Exception {
        return VALIDATOR.validate(claims.apply(TestTokens.accessToken(KEY, CLOCK).scope(scope)).sign());
    }

    @Test
    void readWhenCustomerIdMatchesTheOwnerThenAllowed() throws Exception {
        policy.requireRead(token("orders:read", t -> t.claim("customer_id", "c-1001")), ALICES);
    }

    @Test
    void readWhenCustomerIdDiffersOrIsMissingOrNotAStringThenClaimNotSatisfied() throws Exception {
        for (AccessToken token : new AccessToken[] {token("orders:read", t -> t.claim("customer_id", "c-1002")),
                token("orders:read", t -> t), token("orders:read", t -> t.claim("customer_id", 1001)),
                token("orders:read", t -> t.claim("role", "Support").claim("customer_id", "c-2"))}) {
            assertThatThrownBy(() -> policy.requireRead(token, ALICES)).isInstanceOf(TokenRejectedException.class)
                    .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED);
        }
    }

    @Test
    void readWhenRoleIsSupportThenAnyOrderButOnlyWithTheScope() throws Exception {
        policy.requireRead(token("orders:read", t -> t.claim("role", "support")), ALICES);
        assertThat(policy.requireList(token("orders:read", t -> t.claim("role", "support")))).isEmpty();
        assertThatThrownBy(() -> policy.requireRead(token("orders:write", t -> t.claim("role", "support")), ALICES))
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.INSUFFICIENT_SCOPE);
    }

    @Test
    void aReaderIsSupportOrACustomerWithTheScopeBeforeAnyOrderIsLookedUp() throws Exception {
        policy.requireReader(token("orders:read", t -> t.claim("customer_id", "c-1001")));
        policy.requireReader(token("orders:read", t -> t.claim("role", "support")));
        assertThatThrownBy(() -> policy.requireReader(token("orders:read", t -> t)))
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED);
        assertThatThrownBy(() -> policy.requireReader(token("orders:write", t -> t.claim("customer_id", "c-1001"))))
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.INSUFFICIENT_SCOPE);
    }

    @Test
    void aListingShowsTheTokensCustomerOnly() throws Exception {
        assertThat(policy.requireList(token("orders:read", t -> t.claim("customer_id", "c-1001"))))
                .contains("c-1001");
        assertThatThrownBy(() -> policy.requireList(token("orders:read", t -> t.claim("customer_id", " "))))
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED);
    }

    @Test
    void createTakesBothScopesAndACustomerWhoseOrderItAlwaysIs() throws Exception {
        assertThat(policy.requireCreate(token("orders:write inventory:reserve", t -> t.claim("customer_id", "c-1001"))))
                .isEqualTo("c-1001");
        assertThatThrownBy(() -> policy.requireCreate(token("orders:write", t -> t.claim("customer_id", "c-1001"))))
                .extracting(e -> ((TokenRejectedException) e).requiredScopes()).asList()
                .containsExactly("orders:write", "inventory:reserve");
        assertThatThrownBy(() -> policy.requireCreate(token("orders:write inventory:reserve",
                t -> t.claim("role", "support")))).as("support places no order for anyone")
                .extracting(e -> ((TokenRejectedException) e).reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED);
    }

    @Test
    void thePriceIsShownFromPremiumUpAndToSupportOnly() throws Exception {
        assertThat(policy.view(token("orders:read", t -> t.claim("subscription", "premium")), ALICES)
                .getLong("price_cents")).isEqualTo(12_900L);
        assertThat(policy.view(token("orders:read", t -> t.claim("role", "support")), ALICES)
                .containsKey("price_cents")).isTrue();
        for (String level : new String[] {"basic", "PREMIUM", "premium ", "gold", ""}) {
            assertThat(policy.view(token("orders:read", t -> t.claim("subscription", level)), ALICES)
                    .containsKey("price_cents")).as(level).isFalse();
        }
        assertThat(SubscriptionLevel.of(Optional.empty())).isEqualTo(SubscriptionLevel.BASIC);
    }
}
