package io.apisec.tokenserver.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.introspection.Introspection;
import io.apisec.tokenserver.keys.JdbcSigningKeyRepository;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.MasterKey;
import io.apisec.tokenserver.keys.RotationPolicy;
import io.apisec.tokenserver.keys.SigningAlgorithm;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.testing.TestClients;
import io.apisec.tokenserver.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Issuance and introspection on a real (H2) database, with the clock moved by hand. */
class TokenIssuerTest {

    private static final String ISSUER = "https://as.apisec.test";

    private final TestClock clock = TestClock.atNow();
    private Database database;
    private KeyManager keys;
    private TokenIssuer issuer;
    private Introspection introspection;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(TestServers.memoryDatabase("tokens"), "sa", "", 2);
        keys = new KeyManager(new JdbcSigningKeyRepository(database.dataSource()), MasterKey.generate(),
                new RotationPolicy(SigningAlgorithm.RS256, Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofHours(1)),
                clock);
        keys.maintain();
        JdbcTokenRepository tokens = new JdbcTokenRepository(database.dataSource());
        issuer = new TokenIssuer(ISSUER, keys, tokens, clock);
        introspection = new Introspection(ISSUER, new TokenLookup(tokens, keys, clock), issuer, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AccessTokenRequest request(io.apisec.tokenserver.client.RegisteredClient client) {
        return new AccessTokenRequest(client, client.clientId(), Set.of("orders:read"), List.of("orders-api"),
                Map.of("tenant", "acme"));
    }

    @Test
    void opaqueTokenIs256RandomBitsAndOnlyItsHashIsStored() throws Exception {
        IssuedToken token = issuer.issue(request(TestClients.partner()));

        assertThat(token.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(token.record().format()).isEqualTo(TokenFormat.OPAQUE);
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM access_tokens")) {
            assertThat(rs.next()).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                assertThat(String.valueOf(rs.getObject(i))).doesNotContain(token.value());
            }
            assertThat(rs.getString("token_hash")).isEqualTo(TokenHash.of(token.value()));
        }
    }

    @Test
    void jwtTokenFollowsRfc9068AndVerifiesWithThePublishedKeys() throws Exception {
        IssuedToken token = issuer.issue(request(TestClients.internalService()));

        JWTClaimsSet claims = verify(token.value());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("billing-service");
        assertThat(claims.getAudience()).containsExactly("orders-api");
        assertThat(claims.getStringClaim("client_id")).isEqualTo("billing-service");
        assertThat(claims.getStringClaim("scope")).isEqualTo("orders:read");
        assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
        assertThat(claims.getJWTID()).isEqualTo(token.record().jti());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    }

    @Test
    void activeTokenIntrospectsWithItsClaimsAndExpiredOrUnknownOnesAreInactive() {
        IssuedToken token = issuer.issue(request(TestClients.partner()));

        Map<String, Object> described = introspection.describe(introspection.activeToken(token.value()).orElseThrow());
        assertThat(described).containsEntry("active", true).containsEntry("client_id", "partner")
                .containsEntry("scope", "orders:read").containsEntry("tenant", "acme").containsEntry("iss", ISSUER);
        assertThat(introspection.activeToken("made-up-token")).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        assertThat(introspection.activeToken(token.value())).as("expires exactly at exp").isEmpty();
    }

    @Test
    void opaqueTokenHasAJwtFormSignedOnceForThePhantomTokenFlow() throws Exception {
        IssuedToken token = issuer.issue(request(TestClients.partner()));
        TokenRecord record = introspection.activeToken(token.value()).orElseThrow();

        String jwt = introspection.jwtForm(token.value(), record);

        assertThat(introspection.jwtForm(token.value(), record)).as("remembered, not signed again").isSameAs(jwt);
        JWTClaimsSet claims = verify(jwt);
        assertThat(claims.getJWTID()).isEqualTo(record.jti());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(record.expiresAt());
        assertThat(introspection.remainingSeconds(record)).isEqualTo(300);
    }

    @Test
    void thePhantomJwtOfAnOpaqueTokenIntrospectsAsThatToken() {
        IssuedToken opaque = issuer.issue(request(TestClients.partner()));
        String phantom = introspection.jwtForm(opaque.value(), introspection.activeToken(opaque.value()).orElseThrow());

        assertThat(introspection.activeToken(phantom)).map(TokenRecord::jti).contains(opaque.record().jti());
    }

    @Test
    void aJwtNamingOurJtiButSignedByAnotherKeyIsNotOurs() throws Exception {
        IssuedToken opaque = issuer.issue(request(TestClients.partner()));
        var forger = io.apisec.jwt.testing.TestKeys.rsa(keys.currentKey().kid());
        String forged = io.apisec.jwt.testing.TestTokens.accessToken(forger, clock)
                .claim("jti", opaque.record().jti()).sign();

        assertThat(introspection.activeToken(forged)).isEmpty();
        assertThat(introspection.activeToken("a.b.c")).isEmpty();
    }

    @Test
    void aDisabledClientsTokensAreInactiveEvenBeforeTheyAreRevoked() {
        IssuedToken token = issuer.issue(request(TestClients.partner()));
        java.util.Set<String> disabled = new java.util.HashSet<>();
        TokenLookup lookup = new TokenLookup(new JdbcTokenRepository(database.dataSource()), keys,
                clientId -> !disabled.contains(clientId), clock);
        assertThat(lookup.active(token.value())).isPresent();

        disabled.add(token.record().clientId());

        assertThat(lookup.active(token.value())).isEmpty();
    }

    @Test
    void purgeDeletesOnlyExpiredTokens() {
        JdbcTokenRepository tokens = new JdbcTokenRepository(database.dataSource());
        IssuedToken expiring = issuer.issue(request(TestClients.partner()));
        clock.advance(Duration.ofMinutes(4));
        IssuedToken fresh = issuer.issue(request(TestClients.partner()));
        clock.advance(Duration.ofMinutes(2));

        assertThat(tokens.purgeExpired(clock.instant())).isEqualTo(1);
        assertThat(tokens.findByHash(expiring.record().tokenHash())).isEmpty();
        assertThat(tokens.findByHash(fresh.record().tokenHash())).isPresent();
    }

    private JWTClaimsSet verify(String jwt) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(keys.publicKeys().getKeys()))));
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        return processor.process(jwt, null);
    }
}
