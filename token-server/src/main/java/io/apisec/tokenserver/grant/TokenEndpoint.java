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
import io.apisec.tokenserver.token.AccessTokenRequest;
import io.apisec.tokenserver.token.IssuedToken;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenIssuer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /oauth/token}: converter ({@link OAuthCall}, then Nimbus's {@link TokenRequest#parse}) →
 * providers ({@link ClientAuthenticator}, the grant) → {@link TokenIssuer} → writer. Parsing happens on
 * the event loop; authentication, signing and the database on a worker.
 */
public final class TokenEndpoint implements Handler<RoutingContext> {

    private static final Logger EVENTS = LoggerFactory.getLogger("apisec.events");

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final ClientCredentialsGrant clientCredentials;
    private final TokenExchangeGrant tokenExchange;
    private final TokenIssuer issuer;

    public TokenEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator,
                         ClientCredentialsGrant clientCredentials, TokenExchangeGrant tokenExchange, TokenIssuer issuer) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.clientCredentials = clientCredentials;
        this.tokenExchange = tokenExchange;
        this.issuer = issuer;
    }

    @Override
    public void handle(RoutingContext context) {
        OAuthCall.run(context, "token", endpoint, realm, this::issue, (ctx, body) -> OAuthResponses.json(ctx, 200, body));
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
        AccessTokenRequest decision = switch (grant) {
            case com.nimbusds.oauth2.sdk.ClientCredentialsGrant ignored ->
                    clientCredentials.decide(client, request.getScope(), request.getResources());
            case com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant exchange ->
                    tokenExchange.decide(client, exchange, request.getScope(), request.getResources());
            default -> throw OAuthException.of(OAuth2Error.UNSUPPORTED_GRANT_TYPE,
                    "This server does not support that grant type yet");
        };
        IssuedToken token = issuer.issue(decision);
        EVENTS.info("{\"event\":\"token.issued\",\"client_id\":\"{}\",\"grant\":\"{}\",\"format\":\"{}\",\"token\":\"{}\"}",
                client.clientId(), grant.getType().getValue(), token.record().format(),
                TokenHash.logPrefix(token.record().tokenHash()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token.value());
        body.put("token_type", "Bearer");
        if (grant instanceof com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant) {
            body.put("issued_token_type", "urn:ietf:params:oauth:token-type:access_token");
        }
        body.put("expires_in", Duration.between(token.record().issuedAt(), token.record().expiresAt()).toSeconds());
        body.put("scope", String.join(" ", token.record().scopes()));
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
