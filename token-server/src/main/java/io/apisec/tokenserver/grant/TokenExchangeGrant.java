package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import io.apisec.tokenserver.claims.ClaimsPolicySource;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.token.AccessTokenRequest;
import io.apisec.tokenserver.token.TokenLookup;
import io.apisec.tokenserver.token.TokenRecord;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 8693 token exchange, for services inside the network: a service presents the access token it
 * received (it must be one of the token's audiences) and gets one for the next API, never with more
 * scopes than the token it presented, for an
 * audience it may ask for, carrying an {@code act} claim that names it (and, nested, the actors
 * before it). The subject token must be an active token this server issued (either format): its record
 * says so, revocation included. The new token does not outlive the subject token.
 */
public final class TokenExchangeGrant {

    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    /** Longer delegation chains are refused: each exchange nests one more actor into the token. */
    static final int MAX_ACTORS = 5;

    private final TokenLookup tokens;
    private final ClaimsPolicySource claims;

    public TokenExchangeGrant(TokenLookup tokens, ClaimsPolicySource claims) {
        this.tokens = tokens;
        this.claims = claims;
    }

    public AccessTokenRequest decide(RegisteredClient client, com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant grant,
                                     Scope requested, List<URI> resources) throws OAuthException {
        if (!client.mayUse(GRANT_TYPE)) {
            throw OAuthException.of(OAuth2Error.UNAUTHORIZED_CLIENT, "This client may not exchange tokens");
        }
        if (!TokenTypeURI.ACCESS_TOKEN.equals(grant.getSubjectTokenType())) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "Only access tokens can be exchanged here");
        }
        if (grant.getActorToken() != null) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "Actor tokens are not supported: the client is the actor");
        }
        if (grant.getRequestedTokenType() != null && !TokenTypeURI.ACCESS_TOKEN.equals(grant.getRequestedTokenType())) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "Only access tokens can be requested");
        }
        TokenRecord subject = tokens.active(grant.getSubjectToken().getValue())
                .orElseThrow(() -> OAuthException.of(OAuth2Error.INVALID_GRANT, "The subject token is not active"));
        if (!subject.audiences().contains(client.clientId())) {
            // Only the API a token was issued to may exchange it (as Keycloak requires): a client that merely
            // saw someone's token cannot launder it into one of its own (RFC 8693 section 5).
            throw OAuthException.of(OAuth2Error.INVALID_GRANT, "The subject token was not issued to this client");
        }

        Set<String> scopes = narrow(client, subject, requested);
        List<URI> targets = new ArrayList<>(resources == null ? List.of() : resources);
        if (grant.getAudience() != null) {
            for (Audience audience : grant.getAudience()) {
                try {
                    targets.add(new URI(audience.getValue()));
                } catch (java.net.URISyntaxException e) {
                    throw OAuthException.of(OAuth2Error.INVALID_TARGET, "A requested audience is not allowed for this client");
                }
            }
        }
        List<String> audiences = ClientCredentialsGrant.Audiences.choose(client, targets);
        // The new token speaks for the same subject: its claims come from the subject token, as far as the
        // policy releases them for the narrower scopes and audience; the exchanging client adds only act.
        Map<String, Object> released = new LinkedHashMap<>(claims.current().retainReleased(subject.claims(), scopes, audiences));
        released.put("act", actor(client, subject));
        // Same lifetime bound and same refresh family: revoking the grant behind the subject token revokes this one.
        return new AccessTokenRequest(client, subject.subject(), scopes, audiences, released,
                Optional.of(subject.expiresAt()), subject.refreshFamily());
    }

    /** The requested scopes, or all of the subject token's that the client may hold: never more than either. */
    private static Set<String> narrow(RegisteredClient client, TokenRecord subject, Scope requested) throws OAuthException {
        Set<String> allowed = new LinkedHashSet<>(subject.scopes());
        allowed.retainAll(client.scopes());
        if (requested == null || requested.isEmpty()) {
            if (allowed.isEmpty()) {
                throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "The subject token grants no scope this client may hold");
            }
            return allowed;
        }
        Set<String> granted = new LinkedHashSet<>();
        for (Scope.Value value : requested) {
            if (!allowed.contains(value.getValue())) {
                throw OAuthException.of(OAuth2Error.INVALID_SCOPE,
                        "A requested scope is not granted by the subject token or not allowed for this client");
            }
            granted.add(value.getValue());
        }
        return granted;
    }

    private static int depth(Object act) {
        int depth = 0;
        while (act instanceof Map<?, ?> actor) {
            depth++;
            act = actor.get("act");
        }
        return depth;
    }

    /** RFC 8693 section 4.1: the current actor on top, earlier actors nested beneath. */
    private static Map<String, Object> actor(RegisteredClient client, TokenRecord subject) throws OAuthException {
        if (depth(subject.claims().get("act")) >= MAX_ACTORS) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "The delegation chain is too long");
        }
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", client.clientId());
        Object previous = subject.claims().get("act");
        if (previous != null) {
            act.put("act", previous);
        }
        return act;
    }
}
