package io.apisec.tokenserver.introspection;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.apisec.tokenserver.client.ClientAuthenticator;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.client.RegisteredClient;
import io.apisec.tokenserver.http.FormRequest;
import io.apisec.tokenserver.http.OAuthCall;
import io.apisec.tokenserver.http.OAuthResponses;
import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.token.TokenRecord;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

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

    static final String JWT_MEDIA_TYPE = "application/jwt";
    static final String SIGNED_RESPONSE_MEDIA_TYPE = "application/token-introspection+jwt";

    private final URI endpoint;
    private final String realm;
    private final ClientAuthenticator authenticator;
    private final Introspection introspection;
    private final SecurityEvents events;

    public IntrospectionEndpoint(URI endpoint, String realm, ClientAuthenticator authenticator,
                                 Introspection introspection, SecurityEvents events) {
        this.endpoint = endpoint;
        this.realm = realm;
        this.authenticator = authenticator;
        this.introspection = introspection;
        this.events = events;
    }

    /** The three answers a caller may ask for. */
    private enum Form { JSON, JWT, SIGNED_RESPONSE }

    /** An answer computed on the worker, written on the event loop. */
    @FunctionalInterface
    private interface Answer {
        void write(RoutingContext context);
    }

    @Override
    public void handle(RoutingContext context) {
        String accept = context.request().getHeader("Accept");
        Form form = accepts(accept, SIGNED_RESPONSE_MEDIA_TYPE) ? Form.SIGNED_RESPONSE
                : accepts(accept, JWT_MEDIA_TYPE) ? Form.JWT : Form.JSON;
        OAuthCall.run(context, "introspection", endpoint, realm, events, call -> introspect(call, form),
                (ctx, answer) -> answer.write(ctx));
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

    /** The provider: authenticates the caller, finds the token, and (on the worker) signs what must be signed. */
    private Answer introspect(FormRequest.Converted call, Form form) throws OAuthException {
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
        Optional<TokenRecord> active = introspection.activeToken(presented);
        return switch (form) {
            case JSON -> ctx -> OAuthResponses.json(ctx, 200,
                    active.map(introspection::describe).orElseGet(Introspection::inactive));
            case SIGNED_RESPONSE -> signed(introspection.signedResponse(active, caller.clientId()),
                    SIGNED_RESPONSE_MEDIA_TYPE, "no-store");
            case JWT -> active.isEmpty()
                    ? ctx -> ctx.response().setStatusCode(204).putHeader("Cache-Control", "no-store").end()
                    : signed(introspection.jwtForm(presented, active.get()), JWT_MEDIA_TYPE,
                    "max-age=" + introspection.remainingSeconds(active.get()));
        };
    }

    private static Answer signed(String jwt, String mediaType, String cacheControl) {
        return ctx -> ctx.response().setStatusCode(200).putHeader("Content-Type", mediaType)
                .putHeader("Cache-Control", cacheControl).end(jwt);
    }
}
