package io.apisec.tokenserver.grant;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.apisec.tokenserver.client.ClientAuthenticator;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.http.FormRequest;
import io.apisec.tokenserver.http.OAuthCall;
import io.apisec.tokenserver.http.OAuthResponses;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.token.IssuedToken;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenIssuer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.refresh.IssuedRefreshToken;
import io.apisec.tokenserver.refresh.RefreshTokens;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth/token}: converter ({@link OAuthCall}, then Nimbus's {@link TokenRequest#parse}) →
 * providers ({@link ClientAuthenticator}, the grant) → {@link TokenIssuer} → writer. Parsing happens on
 * the event loop; authentication, signing and the database on a worker.
 */
public final class TokenEndpoint implements Handler<RoutingContext> {

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final ClientCredentialsGrant clientCredentials;
    private final RefreshTokenGrant refresh;
    private final TokenExchangeGrant tokenExchange;
    private final TokenIssuer issuer;
    private final RefreshTokens refreshTokens;
    private final SecurityEvents events;

    public TokenEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator,
                         ClientCredentialsGrant clientCredentials, RefreshTokenGrant refresh,
                         TokenExchangeGrant tokenExchange, TokenIssuer issuer, RefreshTokens refreshTokens,
                         SecurityEvents events) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.clientCredentials = clientCredentials;
        this.refresh = refresh;
        this.tokenExchange = tokenExchange;
        this.issuer = issuer;
        this.refreshTokens = refreshTokens;
        this.events = events;
    }

    @Override
    public void handle(RoutingContext context) {
        OAuthCall.run(context, "token", endpoint, realm, events, this::issue,
                (ctx, body) -> OAuthResponses.json(ctx, 200, body));
    }

    private Map<String, Object> issue(FormRequest.Converted call) throws OAuthException {
        HTTPRequest http = call.http();
        TokenRequest request;
        try {
            request = TokenRequest.parse(http);
        } catch (ParseException e) {
            throw fromParseFailure(e);
        }
        RegisteredClient client = authenticator.authenticate(request.getClientAuthentication(), call.clientAddress());
        AuthorizationGrant grant = request.getAuthorizationGrant();
        TokenDecision decision = switch (grant) {
            case com.nimbusds.oauth2.sdk.ClientCredentialsGrant ignored ->
                    clientCredentials.decide(client, request.getScope(), request.getResources());
            case com.nimbusds.oauth2.sdk.RefreshTokenGrant presented ->
                    refresh.decide(client, presented.getRefreshToken().getValue(), request.getScope(),
                            request.getResources());
            case com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant exchange -> TokenDecision.accessOnly(
                    tokenExchange.decide(client, exchange, request.getScope(), request.getResources()));
            default -> throw OAuthException.of(OAuth2Error.UNSUPPORTED_GRANT_TYPE,
                    "This server does not support that grant type");
        };
        IssuedToken token;
        Optional<IssuedRefreshToken> refreshToken;
        try {
            token = issuer.issue(decision.access());
            refreshToken = decision.refresh().map(refreshTokens::issue);
        } catch (RuntimeException e) {
            // Our failure, after the presented refresh token was spent: put it back, so the client's retry
            // redeems it rather than being taken for a stolen copy.
            try {
                decision.redeemed().ifPresent(refreshTokens::release);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        if (decision.redeemed().isPresent() && !refreshTokens.familyStillValid(decision.redeemed().get())) {
            // The family was revoked while we issued (a copy used, a revocation): what we issued is revoked too.
            throw OAuthException.of(OAuth2Error.INVALID_GRANT, "The refresh token is invalid, expired or revoked");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("client_id", client.clientId());
        details.put("grant", grant.getType().getValue());
        details.put("format", token.record().format().name().toLowerCase(java.util.Locale.ROOT));
        details.put("token", TokenHash.logPrefix(token.record().tokenHash()));
        refreshToken.ifPresent(r -> details.put("refresh_token", TokenHash.logPrefix(r.record().tokenHash())));
        events.record(SecurityEventType.TOKEN_ISSUED, details);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        if (grant instanceof com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant) {
            body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }
        body.put("expires_in", Duration.between(token.record().issuedAt(), token.record().expiresAt()).toSeconds());
        body.put("scope", String.join(" ", token.record().scopes()));
        refreshToken.ifPresent(r -> body.put("refresh_token", r.value()));
        return body;
    }

    /** Nimbus's parse messages may quote the input: keep its error code, use our words. */
    static OAuthException fromParseFailure(ParseException e) {
        var error = e.getErrorObject();
        if (error != null && OAuth2Error.UNSUPPORTED_GRANT_TYPE.getCode().equals(error.getCode())) {
            return OAuthException.of(OAuth2Error.UNSUPPORTED_GRANT_TYPE, "This server does not support that grant type");
        }
        if (error != null && OAuth2Error.INVALID_TARGET.getCode().equals(error.getCode())) {
            return OAuthException.of(OAuth2Error.INVALID_TARGET, "A resource must be an absolute URI without a fragment");
        }
        if (error != null && OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
            return OAuthException.invalidClientWithBasicChallenge("The client credentials are malformed");
        }
        return OAuthException.of(OAuth2Error.INVALID_REQUEST, "The token request is malformed or lacks a parameter");
    }
}
