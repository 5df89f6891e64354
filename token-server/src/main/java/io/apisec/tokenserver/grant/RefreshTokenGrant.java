package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import io.apisec.tokenserver.claims.ClaimsPolicySource;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.refresh.RefreshTokenRecord;
import io.apisec.tokenserver.refresh.RefreshTokenRequest;
import io.apisec.tokenserver.refresh.RefreshTokens;
import io.apisec.tokenserver.refresh.Redemption;
import io.apisec.tokenserver.token.AccessTokenRequest;
import io.apisec.tokenserver.token.TokenHash;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code refresh_token} grant (RFC 6749 section 6) with rotation: the presented token is redeemed once
 * and replaced by the next of its family. A token presented twice revokes the family and is recorded as a
 * {@code refresh.reuse_detected} incident. The new access token may narrow the family's scopes and
 * audiences, never widen them, and never beyond what the client is allowed today; it never outlives the
 * family; its claims come from the claims policy as it is now.
 */
public final class RefreshTokenGrant {

    private static final String REFUSED = "The refresh token is invalid, expired or revoked";

    private final RefreshTokens refreshTokens;
    private final ClaimsPolicySource claims;
    private final SecurityEvents events;

    public RefreshTokenGrant(RefreshTokens refreshTokens, ClaimsPolicySource claims, SecurityEvents events) {
        this.refreshTokens = refreshTokens;
        this.claims = claims;
        this.events = events;
    }

    public TokenDecision decide(RegisteredClient client, String presented, Scope requested, List<URI> resources)
            throws OAuthException {
        if (!client.mayUse(GrantType.REFRESH_TOKEN.getValue())) {
            throw OAuthException.of(OAuth2Error.UNAUTHORIZED_CLIENT, "This client may not use the refresh_token grant");
        }
        RefreshTokenRecord token = switch (refreshTokens.redeem(presented, client.clientId(), candidate -> {
            narrowScopes(candidate, client, requested);
            narrowAudiences(candidate, client, resources);
        })) {
            case Redemption.Accepted accepted -> accepted.token();
            case Redemption.Refused refused -> throw OAuthException.of(OAuth2Error.INVALID_GRANT, REFUSED);
            case Redemption.ReuseDetected reuse -> {
                events.record(SecurityEventType.REFRESH_REUSE_DETECTED, Map.of("client_id", client.clientId(),
                        "token", TokenHash.logPrefix(reuse.token().tokenHash()),
                        "family", reuse.token().familyId().substring(0, 8),
                        "refresh_tokens_revoked", String.valueOf(reuse.refreshTokensRevoked()),
                        "access_tokens_revoked", String.valueOf(reuse.accessTokensRevoked())));
                throw OAuthException.of(OAuth2Error.INVALID_GRANT, REFUSED);
            }
        };
        Set<String> scopes = narrowScopes(token, client, requested);
        List<String> audiences = narrowAudiences(token, client, resources);
        AccessTokenRequest access = new AccessTokenRequest(client, token.subject(), scopes, audiences,
                claims.current().releaseForClient(client, scopes, audiences), Optional.of(token.expiresAt()),
                Optional.of(token.familyId()));
        return new TokenDecision(access, Optional.of(RefreshTokenRequest.rotationOf(token)), Optional.of(token));
    }

    private static Set<String> narrowScopes(RefreshTokenRecord token, RegisteredClient client, Scope requested)
            throws OAuthException {
        Set<String> scopes = new LinkedHashSet<>();
        if (requested == null || requested.isEmpty()) {
            scopes.addAll(token.scopes());
        } else {
            for (Scope.Value value : requested) {
                if (!token.scopes().contains(value.getValue())) {
                    throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "A requested scope was not granted to this refresh token");
                }
                scopes.add(value.getValue());
            }
        }
        // Scopes withdrawn from the client since the grant are not given back by refreshing.
        scopes.retainAll(client.scopes());
        if (scopes.isEmpty()) {
            throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "None of the granted scopes is still allowed for this client");
        }
        return scopes;
    }

    private static List<String> narrowAudiences(RefreshTokenRecord token, RegisteredClient client, List<URI> resources)
            throws OAuthException {
        List<String> audiences = resources == null || resources.isEmpty() ? token.audiences()
                : resources.stream().map(URI::toString).distinct().toList();
        for (String audience : audiences) {
            if (!token.audiences().contains(audience) || !client.audiences().contains(audience)) {
                throw OAuthException.of(OAuth2Error.INVALID_TARGET, "A requested resource is not allowed for this refresh token");
            }
        }
        return audiences;
    }
}
