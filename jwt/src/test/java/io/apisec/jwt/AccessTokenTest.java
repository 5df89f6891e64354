package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a verified token exposes, and the scope and claim checks that accept only a verified token. */
@SuppressWarnings("unchecked")
class AccessTokenTest {

    private static final JWK KEY = TestKeys.rsa("k1");

    private ValidatorFixture fx;

    @BeforeEach
    void start() {
        fx = new ValidatorFixture(KEY);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void exposesTheStandardClaims() throws Exception {
        String jwt = fx.token(KEY).scope("orders:read orders:write").claim("jti", "t-1").sign();

        AccessToken token = fx.validator.validate(jwt);

        assertThat(token.issuer()).isEqualTo(TestTokens.ISSUER);
        assertThat(token.subject()).contains("alice");
        assertThat(token.clientId()).contains("web-app");
        assertThat(token.tokenId()).contains("t-1");
        assertThat(token.scopes()).containsExactly("orders:read", "orders:write");
        assertThat(token.audiences()).containsExactly(TestTokens.AUDIENCE);
        assertThat(token.expiresAt()).isEqualTo(fx.clock.instant().plusSeconds(300));
        assertThat(token.issuedAt()).isEqualTo(fx.clock.instant());
        assertThat(token.toString()).doesNotContain(jwt).doesNotContain(jwt.split("\\.")[2]);
    }

    @Test
    void readsScopesFromScpWhenScopeIsAbsent() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).without("scope")
                .claim("scp", List.of("a", "b")).sign());

        assertThat(token.scopes()).containsExactly("a", "b");
    }

    @Test
    void typedClaimsAreEmptyWhenAbsentOrOfAnotherForm() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).claim("tenant", "acme").claim("level", 3)
                .claim("roles", List.of("buyer")).claim("groups", java.util.Arrays.asList("a", null)).claim("admin", false).claim("address", Map.of("country", "SE")).sign());

        assertThat(token.stringClaim("tenant")).contains("acme");
        assertThat(token.stringClaim("level")).isEmpty();
        assertThat(token.longClaim("level")).contains(3L);
        assertThat(token.stringListClaim("roles")).containsExactly("buyer");
        assertThat(token.stringListClaim("tenant")).isEmpty();
        assertThat(token.stringListClaim("groups")).as("a list holding null is not a list of strings").isEmpty();
        assertThat(token.booleanClaim("admin")).contains(false);
        assertThat(token.objectClaim("address")).hasValueSatisfying(a -> assertThat(a).containsEntry("country", "SE"));
        assertThat(token.stringClaim("missing")).isEmpty();
    }

    @Test
    void requireScopesPassesWhenAllAreGranted() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).scope("orders:read orders:write").sign());

        assertThat(token.requireScopes("orders:read", "orders:write")).isSameAs(token);
    }

    @Test
    void requireScopesRefusesWithInsufficientScopeNamingTheScopesNeeded() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).scope("orders:read").sign());

        assertThatThrownBy(() -> token.requireScopes("orders:read", "orders:write"))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Rejection.INSUFFICIENT_SCOPE);
                    assertThat(e.error()).isEqualTo(BearerError.INSUFFICIENT_SCOPE);
                    assertThat(e.requiredScopes()).containsExactly("orders:read", "orders:write");
                });
    }

    @Test
    void scopeMatchingIsExactNotByPrefix() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).scope("orders:read-all").sign());

        assertThatThrownBy(() -> token.requireScopes("orders:read")).isInstanceOf(TokenRejectedException.class);
        assertThat(token.hasScope("orders")).isFalse();
    }

    @Test
    void claimValuesHandedOutCannotChangeTheVerifiedToken() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).claim("roles", List.of("buyer"))
                .claim("address", Map.of("country", "SE")).sign());

        assertThatThrownBy(() -> token.requireClaim("roles", v -> ((List<Object>) v).add("admin")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> token.objectClaim("address").orElseThrow().put("country", "NO"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(token.stringListClaim("roles")).containsExactly("buyer");
    }

    @Test
    void requireClaimPassesOnlyWhenPresentAndSatisfied() throws Exception {
        AccessToken token = fx.validator.validate(fx.token(KEY).claim("tenant", "acme").sign());

        assertThat(token.requireClaim("tenant", "acme"::equals)).isSameAs(token);
        assertThatThrownBy(() -> token.requireClaim("tenant", "globex"::equals))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED));
        assertThatThrownBy(() -> token.requireClaim("region", v -> true))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.CLAIM_NOT_SATISFIED));
    }
}
