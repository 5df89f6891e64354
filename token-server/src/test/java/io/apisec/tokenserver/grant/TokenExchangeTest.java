package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.claims.ClaimRule;
import io.apisec.tokenserver.claims.ClaimSource;
import io.apisec.tokenserver.claims.ClaimsPolicy;
import io.apisec.tokenserver.client.ClientAuthMethod;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.client.SecretHash;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.keys.JdbcSigningKeyRepository;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.MasterKey;
import io.apisec.tokenserver.keys.RotationPolicy;
import io.apisec.tokenserver.keys.SigningAlgorithm;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.testing.TestClients;
import io.apisec.tokenserver.testing.TestServers;
import io.apisec.tokenserver.token.AccessTokenRequest;
import io.apisec.tokenserver.token.IssuedToken;
import io.apisec.tokenserver.token.JdbcTokenRepository;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8693 token exchange decisions, on a real (H2) token store. */
class TokenExchangeTest {

    private final TestClock clock = TestClock.atNow();
    private final ClaimsPolicy policy = new ClaimsPolicy(List.of(new ClaimRule("tenant", Set.of("orders:read"),
            ClaimSource.CLIENT_ATTRIBUTE, Optional.of("tenant"), Optional.empty(), Set.of(), false)));
    private final RegisteredClient ordersService = new RegisteredClient("orders-api", ClientAuthMethod.CLIENT_SECRET_BASIC,
            Optional.of(SecretHash.of(TestClients.SECRET)), Optional.empty(), TokenFormat.JWT,
            Set.of(TokenExchangeGrant.GRANT_TYPE), Set.of("orders:read", "billing:read"), List.of("billing-api"),
            Duration.ofMinutes(10), false, Map.of("tenant", "other"));
    private Database database;
    private JdbcTokenRepository tokens;
    private TokenIssuer issuer;
    private TokenExchangeGrant exchange;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.memoryDatabase("tx"), "sa", "", 2);
        KeyManager keys = new KeyManager(new JdbcSigningKeyRepository(database.dataSource()), MasterKey.generate(),
                new RotationPolicy(SigningAlgorithm.ES256, Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofHours(1)),
                clock);
        keys.maintain();
        tokens = new JdbcTokenRepository(database.dataSource());
        issuer = new TokenIssuer("https://as.apisec.test", keys, tokens, clock);
        exchange = new TokenExchangeGrant(new io.apisec.tokenserver.token.TokenLookup(tokens, keys, clock), policy);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A token the partner got for the orders API, which the orders API then exchanges. */
    private IssuedToken partnerToken(Set<String> scopes) {
        return issuer.issue(new AccessTokenRequest(TestClients.partner(), "partner", scopes, List.of("orders-api"),
                Map.of("tenant", "acme")));
    }

    @Test
    void aClientThatIsNotAnAudienceOfTheSubjectTokenCannotExchangeIt() {
        IssuedToken subject = partnerToken(Set.of("orders:read"));
        RegisteredClient bystander = new RegisteredClient("reporting-api", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(SecretHash.of(TestClients.SECRET)), Optional.empty(), TokenFormat.JWT,
                Set.of(TokenExchangeGrant.GRANT_TYPE), Set.of("orders:read"), List.of("billing-api"),
                Duration.ofMinutes(10), false, Map.of());

        assertThatThrownBy(() -> exchange.decide(bystander, grant(subject.value()), null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_grant"));
    }

    private com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant grant(String subjectToken) {
        return new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(new BearerAccessToken(subjectToken),
                TokenTypeURI.ACCESS_TOKEN, null, null, null, List.of(new Audience("billing-api")));
    }

    @Test
    void exchangedTokenIsForTheSameSubjectWithAnActClaimAndTheSubjectsClaims() throws Exception {
        IssuedToken subject = partnerToken(Set.of("orders:read", "orders:write"));

        AccessTokenRequest decision = exchange.decide(ordersService, grant(subject.value()), null, null);

        assertThat(decision.subject()).isEqualTo("partner");
        assertThat(decision.scopes()).containsExactly("orders:read");
        assertThat(decision.audiences()).containsExactly("billing-api");
        assertThat(decision.claims()).containsEntry("tenant", "acme")
                .containsEntry("act", Map.of("sub", "orders-api"));
        assertThat(decision.notAfter()).contains(subject.record().expiresAt());
    }

    @Test
    void exchangeNeverWidensTheScopes() {
        IssuedToken subject = partnerToken(Set.of("orders:read"));

        assertThatThrownBy(() -> exchange.decide(ordersService, grant(subject.value()), Scope.parse("billing:read"), null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_scope"));
    }

    @Test
    void revokedOrUnknownSubjectTokenIsInvalidGrant() {
        IssuedToken subject = partnerToken(Set.of("orders:read"));
        tokens.revoke(TokenHash.of(subject.value()), "partner", clock.instant());

        assertThatThrownBy(() -> exchange.decide(ordersService, grant(subject.value()), null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_grant"));
        assertThatThrownBy(() -> exchange.decide(ordersService, grant("made-up"), null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_grant"));
    }

    @Test
    void audienceMustBeOneTheExchangingClientMayAskFor() {
        IssuedToken subject = partnerToken(Set.of("orders:read"));
        var toHr = new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(new BearerAccessToken(subject.value()),
                TokenTypeURI.ACCESS_TOKEN, null, null, null, List.of(new Audience("hr-api")));

        assertThatThrownBy(() -> exchange.decide(ordersService, toHr, null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_target"));
    }

    @Test
    void chainedExchangeNestsThePreviousActor() throws Exception {
        IssuedToken subject = partnerToken(Set.of("orders:read"));
        AccessTokenRequest first = exchange.decide(ordersService, grant(subject.value()), null, null);
        IssuedToken exchanged = issuer.issue(first);
        RegisteredClient billing = new RegisteredClient("billing-api", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(SecretHash.of(TestClients.SECRET)), Optional.empty(), TokenFormat.JWT,
                Set.of(TokenExchangeGrant.GRANT_TYPE), Set.of("orders:read"), List.of("ledger-api"),
                Duration.ofMinutes(10), false, Map.of());
        var toLedger = new com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant(new BearerAccessToken(exchanged.value()),
                TokenTypeURI.ACCESS_TOKEN, null, null, null, List.of(new Audience("ledger-api")));

        AccessTokenRequest second = exchange.decide(billing, toLedger, null, null);

        assertThat(second.claims().get("act"))
                .isEqualTo(Map.of("sub", "billing-api", "act", Map.of("sub", "orders-api")));
    }

    @Test
    void delegationChainsHaveABoundedLength() throws Exception {
        Map<String, Object> act = Map.of("sub", "a");
        for (int i = 0; i < TokenExchangeGrant.MAX_ACTORS - 1; i++) {
            act = Map.of("sub", "a" + i, "act", act);
        }
        IssuedToken deep = issuer.issue(new AccessTokenRequest(TestClients.partner(), "partner", Set.of("orders:read"),
                List.of("orders-api"), Map.of("act", act)));

        assertThatThrownBy(() -> exchange.decide(ordersService, grant(deep.value()), null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_request"));
    }

    @Test
    void clientNotRegisteredForExchangeIsRefused() {
        IssuedToken subject = partnerToken(Set.of("orders:read"));

        assertThatThrownBy(() -> exchange.decide(TestClients.partner(), grant(subject.value()), null, null))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("unauthorized_client"));
    }
}
