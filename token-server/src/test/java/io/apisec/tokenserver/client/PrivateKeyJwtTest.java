package io.apisec.tokenserver.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import io.apisec.tokenserver.oauth.OAuthException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** private_key_jwt (RFC 7523) against the client's JWKS served over HTTPS on loopback. */
class PrivateKeyJwtTest {

    private static final URI ISSUER = URI.create("https://as.apisec.test");
    private static final URI TOKEN_ENDPOINT = URI.create("https://as.apisec.test/oauth/token");
    private static final String ADDRESS = "192.0.2.20";
    private static final JWK CLIENT_KEY = TestKeys.rsa("worker-key");

    private final TestClock clock = TestClock.atNow();
    private JwksServer clientJwks;
    private ClientAuthenticator authenticator;
    private io.apisec.tokenserver.storage.Database database;
    private RegisteredClient worker;

    @BeforeEach
    void start() {
        database = io.apisec.tokenserver.storage.Database.open("jdbc:h2:mem:pkjwt-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
        clientJwks = JwksServer.https();
        clientJwks.publish(CLIENT_KEY);
        worker = new RegisteredClient("billing-worker", ClientAuthMethod.PRIVATE_KEY_JWT,
                Optional.empty(), Optional.of(clientJwks.jwksUri()), TokenFormat.JWT, Set.of("client_credentials"),
                Set.of("billing:charge"), List.of("billing-api"), Duration.ofMinutes(2), false, Map.of());
        RegisteredClient secretClient = io.apisec.tokenserver.testing.TestClients.partner();
        authenticator = new ClientAuthenticator(new InMemoryClientRegistry(List.of(worker, secretClient)),
                new AuthenticationThrottle(clock), new PrivateKeyJwtVerifier(ISSUER, TOKEN_ENDPOINT,
                        uri -> JwksKeySource.builder().jwksUri(uri).sslContext(TestTls.get().clientContext()).clock(clock).build(),
                        new JdbcAssertionReplayGuard(database.dataSource()), clock));
    }

    @AfterEach
    void stop() {
        clientJwks.close();
        database.close();
    }

    @Test
    void assertionSignedWithAKeyFromTheClientsJwksAuthenticates() throws Exception {
        RegisteredClient client = authenticator.authenticate(assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY,
                clock.instant().plusSeconds(60), UUID.randomUUID().toString()), ADDRESS);

        assertThat(client.clientId()).isEqualTo("billing-worker");
        assertThat(authenticator.authenticate(assertion("billing-worker", ISSUER, CLIENT_KEY,
                clock.instant().plusSeconds(60), UUID.randomUUID().toString()), ADDRESS).clientId())
                .as("the issuer is an accepted audience too").isEqualTo("billing-worker");
    }

    @Test
    void replayedAssertionIsRefused() throws Exception {
        PrivateKeyJWT once = assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().plusSeconds(60), "jti-1");
        authenticator.authenticate(once, ADDRESS);

        assertInvalidClient(once);
    }

    @Test
    void anAssertionUsedAtOneNodeIsRefusedAtAnotherSharingTheDatabase() throws Exception {
        ClientAuthenticator otherNode = new ClientAuthenticator(new InMemoryClientRegistry(List.of(worker)),
                new AuthenticationThrottle(clock), new PrivateKeyJwtVerifier(ISSUER, TOKEN_ENDPOINT,
                        uri -> JwksKeySource.builder().jwksUri(uri).sslContext(TestTls.get().clientContext()).clock(clock).build(),
                        new JdbcAssertionReplayGuard(database.dataSource()), clock));
        PrivateKeyJWT once = assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().plusSeconds(60), "jti-n");

        authenticator.authenticate(once, ADDRESS);

        assertThatThrownBy(() -> otherNode.authenticate(once, ADDRESS)).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    @Test
    void aFullInMemoryGuardRefusesNewAssertionsRatherThanForgetUsedOnes() {
        InMemoryAssertionReplayGuard guard = new InMemoryAssertionReplayGuard(2, clock);
        var later = clock.instant().plusSeconds(60);

        assertThat(guard.firstUse("c", "1", later)).isTrue();
        assertThat(guard.firstUse("c", "2", later)).isTrue();
        assertThat(guard.firstUse("c", "3", later)).as("full: fail closed").isFalse();
        assertThat(guard.firstUse("c", "1", later)).as("still remembered").isFalse();
        clock.advance(java.time.Duration.ofMinutes(2));
        assertThat(guard.firstUse("c", "3", clock.instant().plusSeconds(60))).as("room once expired ones go").isTrue();
    }

    @Test
    void assertionWithoutJtiIsRefusedSinceItsReplayCouldNotBeDetected() throws Exception {
        assertInvalidClient(assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().plusSeconds(60), null));
    }

    @Test
    void assertionForAnotherAudienceIsRefused() throws Exception {
        assertInvalidClient(assertion("billing-worker", URI.create("https://other.example/token"), CLIENT_KEY,
                clock.instant().plusSeconds(60), "jti-2"));
    }

    @Test
    void assertionSignedByAKeyNotInTheClientsJwksIsRefused() throws Exception {
        assertInvalidClient(assertion("billing-worker", TOKEN_ENDPOINT, TestKeys.rsa("worker-key"),
                clock.instant().plusSeconds(60), "jti-3"));
    }

    @Test
    void expiredOrLongLivedAssertionIsRefused() throws Exception {
        assertInvalidClient(assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().minusSeconds(120), "jti-4"));
        assertInvalidClient(assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().plus(Duration.ofHours(1)), "jti-5"));
    }

    @Test
    void hmacAssertionKeyedWithThePublicKeyIsRefused() throws Exception {
        // Nimbus reads an HS256 assertion as client_secret_jwt: not this client's method.
        var hmac = new com.nimbusds.oauth2.sdk.auth.ClientSecretJWT(new com.nimbusds.oauth2.sdk.id.ClientID("billing-worker"),
                TOKEN_ENDPOINT, JWSAlgorithm.HS256, new com.nimbusds.oauth2.sdk.auth.Secret(
                        java.util.Base64.getEncoder().encodeToString(CLIENT_KEY.toRSAKey().toPublicKey().getEncoded())));

        assertThatThrownBy(() -> authenticator.authenticate(hmac, ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    @Test
    void clientRegisteredWithASecretCannotUseAnAssertion() throws Exception {
        assertInvalidClient(assertion("partner", TOKEN_ENDPOINT, CLIENT_KEY, clock.instant().plusSeconds(60), "jti-7"));
    }

    @Test
    void clientJwksDownIsOurFaultNotTheClients() throws Exception {
        clientJwks.mode(JwksServer.Mode.DOWN);

        assertThatThrownBy(() -> authenticator.authenticate(assertion("billing-worker", TOKEN_ENDPOINT, CLIENT_KEY,
                clock.instant().plusSeconds(60), "jti-8"), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("temporarily_unavailable");
                    assertThat(e.httpStatus()).isEqualTo(503);
                });
    }

    private void assertInvalidClient(PrivateKeyJWT assertion) {
        assertThatThrownBy(() -> authenticator.authenticate(assertion, ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    private static JWTClaimsSet claims(String clientId, URI audience, Instant exp, String jti) {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience.toString())
                .expirationTime(Date.from(exp)).issueTime(new Date()).jwtID(jti).build();
    }

    private static PrivateKeyJWT assertion(String clientId, URI audience, JWK key, Instant exp, String jti) throws Exception {
        RSAKey rsa = key.toRSAKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                claims(clientId, audience, exp, jti));
        jwt.sign(new RSASSASigner(rsa));
        return new PrivateKeyJWT(jwt);
    }
}
