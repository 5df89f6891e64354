package io.apisec.tokenserver.revocation;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.apisec.tokenserver.client.ClientAuthenticator;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.http.FormRequest;
import io.apisec.tokenserver.http.OAuthCall;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenRepository;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.refresh.RefreshTokens;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /oauth/revoke} (RFC 7009): an authenticated client revokes one of its own tokens. An access
 * token is revoked alone; a refresh token takes its whole family with it, and every access token issued
 * from that family. The {@code token_type_hint} is not needed: both kinds are looked up. The answer is 200
 * whether or not the token existed or was the client's, so it reveals nothing; a token of another client
 * is left alone.
 */
public final class RevocationEndpoint implements Handler<RoutingContext> {

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final TokenRepository tokens;
    private final RefreshTokens refreshTokens;
    private final SecurityEvents events;
    private final Clock clock;

    public RevocationEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator, TokenRepository tokens,
                              RefreshTokens refreshTokens, SecurityEvents events, Clock clock) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext context) {
        OAuthCall.run(context, "revocation", endpoint, realm, events, this::revoke,
                (ctx, done) -> ctx.response().setStatusCode(200).putHeader("Cache-Control", "no-store").end());
    }

    private Boolean revoke(FormRequest.Converted call) throws OAuthException {
        HTTPRequest http = call.http();
        TokenRevocationRequest request;
        try {
            request = TokenRevocationRequest.parse(http);
        } catch (ParseException e) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "The revocation request must carry a token");
        }
        RegisteredClient client = authenticator.authenticate(request.getClientAuthentication(), call.clientAddress());
        String presented = request.getToken().getValue();
        String hash = TokenHash.of(presented);
        String kind;
        if (tokens.revoke(hash, client.clientId(), clock.instant())) {
            kind = "access_token";
        } else if (refreshTokens.revoke(presented, client.clientId())) {
            kind = "refresh_token";
        } else {
            return false;
        }
        events.record(SecurityEventType.TOKEN_REVOKED, Map.of("client_id", client.clientId(), "token_type", kind,
                "token", TokenHash.logPrefix(hash)));
        return true;
    }
}
