package io.apisec.tokenserver.client;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
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
    private final AuthenticationThrottle throttle;
    private final PrivateKeyJwtVerifier privateKeyJwt;

    public ClientAuthenticator(ClientRegistry clients, AuthenticationThrottle throttle, PrivateKeyJwtVerifier privateKeyJwt) {
        this.clients = clients;
        this.throttle = throttle;
        this.privateKeyJwt = privateKeyJwt;
    }

    /**
     * @param presented what the request carried (parsed by Nimbus), or null when it carried nothing
     * @param address   the caller's address, for the {@link AuthenticationThrottle}
     * @throws OAuthException {@code invalid_client}: 401, or 429 while the caller must wait
     */
    public RegisteredClient authenticate(ClientAuthentication presented, String address) throws OAuthException {
        if (presented == null) {
            throw OAuthException.invalidClientWithBasicChallenge("Client authentication is required");
        }
        String clientId = presented.getClientID().getValue();
        var wait = throttle.waitBefore(clientId, address);
        if (wait.isPresent()) {
            throw OAuthException.throttled(wait.get());
        }
        try {
            RegisteredClient client = check(presented);
            throttle.succeeded(clientId, address);
            return client;
        } catch (OAuthException e) {
            if (e.httpStatus() < 500) {
                // Only the caller's failures slow it down: our outage (the client's JWKS unreachable) does not.
                throttle.failed(clientId, address, clients.find(clientId).isPresent());
            }
            throw e;
        }
    }

    private RegisteredClient check(ClientAuthentication presented) throws OAuthException {
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
            throw refused(basic, REFUSED);
        }
        if (presented instanceof PrivateKeyJWT assertion) {
            privateKeyJwt.verify(assertion, client);
            return client;
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
