package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.Scope;
import io.apisec.tokenserver.claims.ClaimRule;
import io.apisec.tokenserver.claims.ClaimSource;
import io.apisec.tokenserver.claims.ClaimsPolicy;
import io.apisec.tokenserver.client.ClientAuthMethod;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.testing.TestClients;
import io.apisec.tokenserver.token.AccessTokenRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client_credentials decisions: scopes, audiences, claims. No HTTP, no database. */
class ClientCredentialsGrantTest {

    private final ClaimsPolicy policy = new ClaimsPolicy(List.of(
            new ClaimRule("tenant", Set.of("orders:read"), ClaimSource.CLIENT_ATTRIBUTE, Optional.of("tenant"),
                    Optional.empty(), Set.of(), false),
            new ClaimRule("region", Set.of("orders:write"), ClaimSource.CONSTANT, Optional.empty(),
                    Optional.of("eu"), Set.of("billing-api"), false)));
    private final ClientCredentialsGrant grant = new ClientCredentialsGrant(policy);
    private final RegisteredClient client = TestClients.partner();

    @Test
    void withoutScopeOrResourceTheClientGetsAllItsScopesForItsDefaultAudience() throws Exception {
        AccessTokenRequest decision = grant.decide(client, null, null).access();

        assertThat(decision.subject()).isEqualTo("partner");
        assertThat(decision.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
        assertThat(decision.audiences()).containsExactly("orders-api");
    }

    @Test
    void requestedScopesNarrowWhatIsGranted() throws Exception {
        assertThat(grant.decide(client, Scope.parse("orders:read"), null).access().scopes()).containsExactly("orders:read");
    }

    @Test
    void aScopeTheClientIsNotAllowedIsInvalidScope() {
        assertThatThrownBy(() -> grant.decide(client, Scope.parse("orders:read orders:admin"), null))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_scope");
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.error().getDescription()).doesNotContain("orders:admin");
                });
    }

    @Test
    void resourceChoosesTheAudienceAmongTheAllowedOnes() throws Exception {
        assertThat(grant.decide(client, null, List.of(URI.create("billing-api"))).access().audiences())
                .containsExactly("billing-api");
        assertThatThrownBy(() -> grant.decide(client, null, List.of(URI.create("https://evil.example"))))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_target"));
    }

    @Test
    void claimsAreReleasedOnlyByThePolicyForTheGrantedScopesAndAudience() throws Exception {
        Map<String, Object> readOnly = grant.decide(client, Scope.parse("orders:read"), null).access().claims();
        Map<String, Object> writeForOrders = grant.decide(client, Scope.parse("orders:write"), null).access().claims();
        Map<String, Object> writeForBilling = grant.decide(client, Scope.parse("orders:write"),
                List.of(URI.create("billing-api"))).access().claims();

        assertThat(readOnly).containsExactly(Map.entry("tenant", "acme"));
        assertThat(writeForOrders).isEmpty();
        assertThat(writeForBilling).containsExactly(Map.entry("region", "eu"));
        assertThat(grant.decide(client, Scope.parse("orders:write"),
                List.of(URI.create("billing-api"), URI.create("orders-api"))).access().claims())
                .as("a claim for billing-api only never rides along to orders-api").isEmpty();
    }

    @Test
    void noRefreshTokenUnlessTheClientIsRegisteredForTheRefreshGrant() throws Exception {
        TokenDecision plain = grant.decide(client, null, null);
        assertThat(plain.refresh()).isEmpty();
        assertThat(plain.access().refreshFamily()).isEmpty();

        RegisteredClient refreshing = new RegisteredClient("r", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(SecretHash.of(TestClients.SECRET)), Optional.empty(), TokenFormat.OPAQUE,
                Set.of("client_credentials", "refresh_token"), Set.of("a", "b"), List.of("orders-api"),
                Duration.ofMinutes(5), false, Map.of());
        TokenDecision withRefresh = grant.decide(refreshing, Scope.parse("a"), null);

        assertThat(withRefresh.refresh()).hasValueSatisfying(refresh -> {
            assertThat(refresh.familyId()).isEqualTo(withRefresh.access().refreshFamily().orElseThrow());
            assertThat(refresh.scopes()).containsExactly("a");
            assertThat(refresh.audiences()).containsExactly("orders-api");
            assertThat(refresh.familyExpiresAt()).as("a new family: the server-wide lifetime applies").isEmpty();
        });
        assertThat(grant.decide(refreshing, null, null).refresh().orElseThrow().familyId())
                .as("every grant starts its own family").isNotEqualTo(withRefresh.refresh().orElseThrow().familyId());
    }

    @Test
    void aClientNotRegisteredForTheGrantIsUnauthorizedClient() {
        RegisteredClient exchangeOnly = new RegisteredClient("x", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(SecretHash.of(TestClients.SECRET)), Optional.empty(), TokenFormat.OPAQUE,
                Set.of("urn:ietf:params:oauth:grant-type:token-exchange"), Set.of("a"), List.of("orders-api"),
                Duration.ofMinutes(5), false, Map.of());

        assertThatThrownBy(() -> grant.decide(exchangeOnly, null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("unauthorized_client"));
    }
}
