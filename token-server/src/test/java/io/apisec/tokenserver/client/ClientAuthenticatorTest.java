package io.apisec.tokenserver.client;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.testing.TestClients;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client authentication, as a provider: no HTTP. */
class ClientAuthenticatorTest {

    private final ClientAuthenticator authenticator = new ClientAuthenticator(new InMemoryClientRegistry(
            List.of(TestClients.partner(), TestClients.internalService())));

    @Test
    void registeredMethodWithTheRightSecretAuthenticates() throws Exception {
        RegisteredClient client = authenticator.authenticate(basic("partner", TestClients.SECRET));

        assertThat(client.clientId()).isEqualTo("partner");
        assertThat(authenticator.authenticate(post("billing-service", TestClients.SECRET)).clientId())
                .isEqualTo("billing-service");
    }

    @Test
    void wrongSecretIsInvalidClientWithABasicChallenge() {
        assertThatThrownBy(() -> authenticator.authenticate(basic("partner", TestClients.SECRET + "x")))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.basicChallenge()).isTrue();
                    assertThat(e.getMessage()).doesNotContain(TestClients.SECRET);
                });
    }

    @Test
    void unknownClientGetsTheSameAnswerAsAWrongSecret() {
        assertThatThrownBy(() -> authenticator.authenticate(basic("nobody", TestClients.SECRET)))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.error().getDescription()).isEqualTo("Client authentication failed");
                });
    }

    @Test
    void anotherMethodThanTheRegisteredOneIsRefused() {
        // partner is registered with client_secret_basic; presenting the right secret by POST is refused.
        assertThatThrownBy(() -> authenticator.authenticate(post("partner", TestClients.SECRET)))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
        assertThatThrownBy(() -> authenticator.authenticate(basic("billing-service", TestClients.SECRET)))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.code()).isEqualTo("invalid_client"));
    }

    @Test
    void noClientAuthenticationIsInvalidClient() {
        assertThatThrownBy(() -> authenticator.authenticate(null))
                .isInstanceOfSatisfying(OAuthException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_client");
                    assertThat(e.basicChallenge()).isTrue();
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
