package io.apisec.tokenserver.introspection;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.apisec.tokenserver.client.ClientAuthenticator;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.http.FormRequest;
import io.apisec.tokenserver.http.OAuthCall;
import io.apisec.tokenserver.http.OAuthResponses;
import io.apisec.tokenserver.http.ProblemWriter;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.token.TokenRecord;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Optional;

/**
 * {@code POST /oauth/introspect} (RFC 7662), for clients that hold the introspection permission. JSON by
 * default; with {@code Accept: application/jwt}, the phantom-token answer gateways such as Curity's
 * plugins expect: 200 with the JWT form of an active token ({@code Cache-Control: max-age} its remaining
 * lifetime), or 204 when it is not active. With {@code Accept: application/token-introspection+jwt}, the
 * RFC 9701 signed response.
 */
public final class IntrospectionEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(IntrospectionEndpoint.class);
    static final String JWT_MEDIA_TYPE = "application/jwt";
    static final String SIGNED_RESPONSE_MEDIA_TYPE = "application/token-introspection+jwt";

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final Introspection introspection;

    public IntrospectionEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator,
                                 Introspection introspection) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.introspection = introspection;
    }

    private record Result(String presented, Optional<TokenRecord> active, String caller) {
    }

    @Override
    public void handle(RoutingContext context) {
        String accept = context.request().getHeader("Accept");
        boolean wantsJwt = accepts(accept, JWT_MEDIA_TYPE);
        boolean wantsSignedResponse = accepts(accept, SIGNED_RESPONSE_MEDIA_TYPE);
        OAuthCall.run(context, "introspection", endpoint, realm, this::introspect, (ctx, result) -> {
            Optional<TokenRecord> active = result.active();
            if (wantsSignedResponse) {
                writeSignedResponse(ctx, result);
            } else if (!wantsJwt) {
                OAuthResponses.json(ctx, 200, active.map(introspection::describe).orElseGet(Introspection::inactive));
            } else if (active.isEmpty()) {
                ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end();
            } else {
                writeJwtForm(ctx, result.presented(), active.get());
            }
        });
    }

    /** Whether the Accept header lists {@code mediaType}, ignoring case, parameters and other entries. */
    static boolean accepts(String accept, String mediaType) {
        if (accept == null) {
            return false;
        }
        for (String entry : accept.split(",")) {
            int parameters = entry.indexOf(';');
            if ((parameters < 0 ? entry : entry.substring(0, parameters)).strip().equalsIgnoreCase(mediaType)) {
                return true;
            }
        }
        return false;
    }

    private Result introspect(FormRequest.Converted call) throws OAuthException {
        HTTPRequest http = call.http();
        TokenIntrospectionRequest request;
        try {
            request = TokenIntrospectionRequest.parse(http);
        } catch (ParseException e) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "The introspection request must carry a token");
        }
        RegisteredClient caller = authenticator.authenticate(request.getClientAuthentication(), call.clientAddress());
        if (!caller.introspection()) {
            throw OAuthException.of(OAuth2Error.UNAUTHORIZED_CLIENT.setHTTPStatusCode(403),
                    "This client may not introspect tokens");
        }
        String presented = request.getToken().getValue();
        return new Result(presented, introspection.activeToken(presented), caller.clientId());
    }

    /** RFC 9701: the same answer as JSON, signed by the token server for the calling client. */
    private void writeSignedResponse(RoutingContext context, Result result) {
        context.vertx().executeBlocking(() -> introspection.signedResponse(result.active(), result.caller()), false)
                .onComplete(jwt -> {
                    if (jwt.failed()) {
                        LOG.error("Signing the introspection response failed", jwt.cause());
                        ProblemWriter.write(context, 500, "Internal Server Error", "Introspection failed; retry later.");
                        return;
                    }
                    context.response().setStatusCode(200).putHeader("Content-Type", SIGNED_RESPONSE_MEDIA_TYPE)
                            .putHeader("Cache-Control", "no-store").end(jwt.result());
                });
    }

    private void writeJwtForm(RoutingContext context, String presented, TokenRecord token) {
        context.vertx().executeBlocking(() -> introspection.jwtForm(presented, token), false).onComplete(jwt -> {
            if (jwt.failed()) {
                LOG.error("Signing the JWT form failed", jwt.cause());
                ProblemWriter.write(context, 500, "Internal Server Error", "Introspection failed; retry later.");
                return;
            }
            context.response().setStatusCode(200).putHeader("Content-Type", JWT_MEDIA_TYPE)
                    .putHeader("Cache-Control", "max-age=" + introspection.remainingSeconds(token))
                    .end(jwt.result());
        });
    }
}
