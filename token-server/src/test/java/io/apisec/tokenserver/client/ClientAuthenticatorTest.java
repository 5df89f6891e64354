package io.apisec.tokenserver.client;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.testing.TestClients;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client authentication, as a provider: no HTTP. */
class ClientAuthenticatorTest {

    private static final String ADDRESS = "192.0.2.10";

    private final TestClock clock = TestClock.atNow();
    private final ClientAuthenticator authenticator = new ClientAuthenticator(new InMemoryClientRegistry(
            List.of(TestClients.partner(), TestClients.internalService())), new AuthenticationThrottle(clock),
            new PrivateKeyJwtVerifier(java.net.URI.create("https://as.apisec.test"),
                    java.net.URI.create("https://as.apisec.test/oauth/token"),
                    uri -> io.apisec.jwt.jwks.JwksKeySource.builder().jwksUri(uri).build(),
                    new InMemoryAssertionReplayGuard(1_000, clock), clock));

    @Test
    void registeredMethodWithTheRightSecretAuthenticates() throws Exception {
        RegisteredClient client = authenticator.authenticate(basic("partner", TestClients.SECRET), ADDRESS);

        assertThat(client.clientId()).isEqualTo("partner");
        assertThat(authenticator.authenticate(post("billing-service", TestClients.SECRET), ADDRESS).clientId())
                .isEqualTo("billing-service");
    }

    @Test
    void wrongSecretIsInvalidClientWithABasicChallenge() {
        assertThatThrownBy(() -> authenticator.authenticate(basic("partner", TestClients.SECRET + "x"), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.basicChallenge()).isTrue();
                    assertThat(e.getMessage()).doesNotContain(TestClients.SECRET);
                });
    }

    @Test
    void unknownClientGetsTheSameAnswerAsAWrongSecret() {
        assertThatThrownBy(() -> authenticator.authenticate(basic("nobody", TestClients.SECRET), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.error().getDescription()).isEqualTo("Client authentication failed");
                });
    }

    @Test
    void anotherMethodThanTheRegisteredOneIsRefused() {
        // partner is registered with client_secret_basic; presenting the right secret by POST is refused.
        assertThatThrownBy(() -> authenticator.authenticate(post("partner", TestClients.SECRET), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
        assertThatThrownBy(() -> authenticator.authenticate(basic("billing-service", TestClients.SECRET), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    @Test
    void noClientAuthenticationIsInvalidClient() {
        assertThatThrownBy(() -> authenticator.authenticate(null, ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.basicChallenge()).isTrue();
                });
    }

    @Test
    void repeatedFailuresFromOneAddressAreSlowedDownWithGrowingDelays() throws Exception {
        for (int i = 0; i < AuthenticationThrottle.FREE_FAILURES; i++) {
            assertInvalidClient(401, "partner", "wrong", ADDRESS);
        }

        // After the free failures even the right secret waits: 1 s, then 2 s after the next failure.
        assertThatThrownBy(() -> authenticator.authenticate(basic("partner", TestClients.SECRET), ADDRESS))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
        clock.advance(java.time.Duration.ofSeconds(1));
        assertInvalidClient(401, "partner", "wrong", ADDRESS);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertInvalidClient(429, "partner", "wrong", ADDRESS);
        clock.advance(java.time.Duration.ofSeconds(1));
        assertThat(authenticator.authenticate(basic("partner", TestClients.SECRET), ADDRESS).clientId())
                .isEqualTo("partner");
        assertInvalidClient(401, "partner", "wrong", ADDRESS);
    }

    @Test
    void anAttackerElsewhereNeverDelaysTheRealClient() throws Exception {
        for (int i = 0; i < 20; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            try {
                authenticator.authenticate(basic("partner", "guess-" + i), "198.51.100.66");
            } catch (OAuthException expected) {
                // 401 or 429: the attacker is refused either way.
            }
        }

        assertThat(authenticator.authenticate(basic("partner", TestClients.SECRET), ADDRESS).clientId())
                .isEqualTo("partner");
    }

    @Test
    void probingUnknownClientIdsSlowsDownThatAddress() {
        for (int i = 0; i < AuthenticationThrottle.FREE_FAILURES; i++) {
            assertInvalidClient(401, "probe-" + i, "x", ADDRESS);
        }

        assertInvalidClient(429, "probe-next", "x", ADDRESS);
    }

    @Test
    void failuresOfOneClientDoNotSlowDownAnotherBehindTheSameAddress() throws Exception {
        for (int i = 0; i < 10; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            try {
                authenticator.authenticate(basic("partner", "wrong"), ADDRESS);
            } catch (OAuthException expected) {
                // refused, 401 or 429
            }
        }

        assertThat(authenticator.authenticate(post("billing-service", TestClients.SECRET), ADDRESS).clientId())
                .isEqualTo("billing-service");
    }

    @Test
    void delaysAreCappedAndForgottenSoNoOneIsLockedOutForGood() throws Exception {
        for (int i = 0; i < 30; i++) {
            try {
                authenticator.authenticate(basic("partner", "wrong"), ADDRESS);
            } catch (OAuthException e) {
                assertThat(e.retryAfterSeconds()).isLessThanOrEqualTo(60);
            }
            clock.advance(java.time.Duration.ofSeconds(61));
        }

        clock.advance(java.time.Duration.ofMinutes(15));
        assertThat(authenticator.authenticate(basic("partner", TestClients.SECRET), ADDRESS).clientId())
                .isEqualTo("partner");
    }

    private void assertInvalidClient(int status, String id, String secret, String address) {
        assertThatThrownBy(() -> authenticator.authenticate(basic(id, secret), address))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void generatedSecretsHave256BitsAndOnlyTheirHashIsKept() {
        String secret = SecretHash.generateSecret();
        SecretHash hash = SecretHash.of(secret);

        assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(SecretHash.generateSecret()).isNotEqualTo(secret);
        assertThat(hash.matches(secret)).isTrue();
        assertThat(hash.matches(secret.substring(1))).isFalse();
        assertThat(hash.toString()).doesNotContain(secret);
    }

    private static ClientSecretBasic basic(String id, String secret) {
        return new ClientSecretBasic(new ClientID(id), new Secret(secret));
    }

    private static ClientSecretPost post(String id, String secret) {
        return new ClientSecretPost(new ClientID(id), new Secret(secret));
    }
}
