package io.apisec.tokenserver.client;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import io.apisec.tokenserver.oauth.OAuthException;

import java.util.Optional;

/**
 * Decides whether a request's client authentication is good: the client exists, used the one method it
 * is registered with (practice 8), and presented its secret. Every failure is the same
 * {@code invalid_client} answer, so an attacker learns nothing about which client ids exist; an unknown
 * client still costs one hash comparison, so timing does not tell either.
 */
public final class ClientAuthenticator {

    private static final SecretHash DECOY = SecretHash.of(SecretHash.generateSecret());
    private static final String REFUSED = "Client authentication failed";

    private final ClientRegistry clients;

    public ClientAuthenticator(ClientRegistry clients) {
        this.clients = clients;
    }

    /**
     * @param presented what the request carried (parsed by Nimbus), or null when it carried nothing
     * @throws OAuthException {@code invalid_client} (401)
     */
    public RegisteredClient authenticate(ClientAuthentication presented) throws OAuthException {
        if (presented == null) {
            throw OAuthException.invalidClientWithBasicChallenge("Client authentication is required");
        }
        boolean basic = presented instanceof ClientSecretBasic;
        Optional<RegisteredClient> found = clients.find(presented.getClientID().getValue());
        String secret = switch (presented) {
            case ClientSecretBasic b -> b.getClientSecret().getValue();
            case ClientSecretPost p -> p.getClientSecret().getValue();
            default -> null;
        };
        if (found.isEmpty()) {
            DECOY.matches(secret == null ? "" : secret);
            throw refused(basic, REFUSED);
        }
        RegisteredClient client = found.get();
        if (!client.authMethod().value().equals(presented.getMethod().getValue())) {
            throw refused(basic, "This client authenticates with " + client.authMethod().value() + " only");
        }
        if (client.authMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
            throw refused(false, "private_key_jwt client authentication is not available on this server yet");
        }
        if (secret == null || !client.secret().orElseThrow().matches(secret)) {
            throw refused(basic, REFUSED);
        }
        return client;
    }

    private static OAuthException refused(boolean basic, String description) {
        return basic ? OAuthException.invalidClientWithBasicChallenge(description)
                : OAuthException.of(OAuth2Error.INVALID_CLIENT, description);
    }

    /** The Nimbus name of a method, for metadata. */
    public static ClientAuthenticationMethod nimbusMethod(ClientAuthMethod method) {
        return ClientAuthenticationMethod.parse(method.value());
    }
}
