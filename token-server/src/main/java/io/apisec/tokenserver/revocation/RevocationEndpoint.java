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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;

/**
 * {@code POST /oauth/revoke} (RFC 7009): an authenticated client revokes one of its own tokens. The
 * answer is 200 whether or not the token existed or was the client's, so it reveals nothing; a token
 * of another client is left alone.
 */
public final class RevocationEndpoint implements Handler<RoutingContext> {

    private static final Logger EVENTS = LoggerFactory.getLogger("apisec.events");

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final TokenRepository tokens;
    private final Clock clock;

    public RevocationEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator, TokenRepository tokens,
                              Clock clock) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext context) {
        OAuthCall.run(context, "revocation", endpoint, realm, this::revoke,
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
        String hash = TokenHash.of(request.getToken().getValue());
        if (tokens.revoke(hash, client.clientId(), clock.instant())) {
            EVENTS.info("{\"event\":\"token.revoked\",\"client_id\":\"{}\",\"token\":\"{}\"}", client.clientId(),
                    TokenHash.logPrefix(hash));
            return true;
        }
        return false;
    }
}
