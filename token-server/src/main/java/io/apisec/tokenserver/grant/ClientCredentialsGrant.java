package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import io.apisec.tokenserver.claims.ClaimsPolicySource;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.refresh.RefreshTokenRequest;
import io.apisec.tokenserver.refresh.RefreshTokens;
import io.apisec.tokenserver.token.AccessTokenRequest;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code client_credentials} grant (RFC 6749 section 4.4): the client acts for itself. Requested
 * scopes may narrow what the client is allowed, never widen it; RFC 8707 {@code resource} chooses the
 * audience among the client's allowed ones. No HTTP here: the converter parsed, the writer answers.
 */
public final class ClientCredentialsGrant {

    private final ClaimsPolicySource claims;

    public ClientCredentialsGrant(ClaimsPolicySource claims) {
        this.claims = claims;
    }

    /**
     * A client registered for the {@code refresh_token} grant also gets a refresh token, in a new family.
     * RFC 6749 section 4.4.3 advises against it, so it is off unless a client is registered for it (as
     * Keycloak's "use refresh tokens for client credentials grant" switch).
     */
    public TokenDecision decide(RegisteredClient client, Scope requested, List<URI> resources) throws OAuthException {
        if (!client.mayUse(GrantType.CLIENT_CREDENTIALS.getValue())) {
            throw OAuthException.of(OAuth2Error.UNAUTHORIZED_CLIENT, "This client may not use the client_credentials grant");
        }
        Set<String> scopes = Scopes.narrow(client, requested);
        List<String> audiences = Audiences.choose(client, resources);
        Map<String, Object> released = claims.current().releaseForClient(client, scopes, audiences);
        if (!client.mayUse(GrantType.REFRESH_TOKEN.getValue())) {
            return TokenDecision.accessOnly(new AccessTokenRequest(client, client.clientId(), scopes, audiences, released));
        }
        String family = RefreshTokens.newFamilyId();
        return new TokenDecision(new AccessTokenRequest(client, client.clientId(), scopes, audiences, released,
                Optional.empty(), Optional.of(family)), Optional.of(new RefreshTokenRequest(family, client.clientId(),
                client.clientId(), scopes, audiences, Optional.empty())), Optional.empty());
    }

    /** Scope narrowing, shared by the grants. */
    static final class Scopes {
        private Scopes() {
        }

        static Set<String> narrow(RegisteredClient client, Scope requested) throws OAuthException {
            if (requested == null || requested.isEmpty()) {
                return client.scopes();
            }
            Set<String> granted = new LinkedHashSet<>();
            for (Scope.Value value : requested) {
                if (!client.scopes().contains(value.getValue())) {
                    // Never echo the requested value: it is the caller's text, not ours.
                    throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "A requested scope is not allowed for this client");
                }
                granted.add(value.getValue());
            }
            return granted;
        }
    }

    /** Audience choice (RFC 8707), shared by the grants. */
    static final class Audiences {
        private Audiences() {
        }

        static List<String> choose(RegisteredClient client, List<URI> resources) throws OAuthException {
            if (resources == null || resources.isEmpty()) {
                if (client.audiences().isEmpty()) {
                    throw OAuthException.of(OAuth2Error.INVALID_TARGET,
                            "No resource was requested and this client has no default audience");
                }
                return List.of(client.audiences().get(0));
            }
            List<String> chosen = resources.stream().map(URI::toString).distinct().toList();
            for (String audience : chosen) {
                if (!client.audiences().contains(audience)) {
                    throw OAuthException.of(OAuth2Error.INVALID_TARGET, "A requested resource is not allowed for this client");
                }
            }
            return chosen;
        }
    }
}
