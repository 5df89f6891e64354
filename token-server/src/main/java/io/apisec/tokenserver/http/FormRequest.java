package io.apisec.tokenserver.http;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import io.apisec.tokenserver.oauth.OAuthException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP and syntax rules shared by the form-posting endpoints (token, introspection, revocation):
 * POST with an {@code application/x-www-form-urlencoded} body only, no parameters in the query, no
 * parameter repeated (except the ones RFC 8707 and RFC 8693 allow to repeat), at most one way of client
 * authentication (practice 8). The result holds a Nimbus {@link HTTPRequest} for Nimbus's parsers.
 */
public final class FormRequest {

    private static final Set<String> REPEATABLE = Set.of("resource", "audience");

    private FormRequest() {
    }

    /** A converted request: what Nimbus parses, and the peer address (for throttling). */
    public record Converted(HTTPRequest http, String clientAddress) {
    }

    public static Converted convert(RoutingContext context, URI endpoint) throws OAuthException {
        if (context.request().method() != HttpMethod.POST) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "Use POST with a form body");
        }
        String contentType = context.request().getHeader("Content-Type");
        if (contentType == null || !contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST,
                    "The body must be application/x-www-form-urlencoded");
        }
        if (context.request().query() != null && !context.request().query().isEmpty()) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "Send parameters in the body, not in the URL");
        }
        String body = context.body().asString();
        Map<String, List<String>> parameters = URLUtils.parseParameters(body == null ? "" : body);
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getValue().size() > 1 && !REPEATABLE.contains(parameter.getKey())) {
                throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "A parameter is repeated: " + safeName(parameter.getKey()));
            }
        }
        List<String> authorization = context.request().headers().getAll("Authorization");
        if (authorization.size() > 1) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "The Authorization header is repeated");
        }
        int methods = (authorization.isEmpty() ? 0 : 1) + (parameters.containsKey("client_secret") ? 1 : 0)
                + (parameters.containsKey("client_assertion") ? 1 : 0);
        if (methods > 1) {
            throw OAuthException.of(OAuth2Error.INVALID_REQUEST,
                    "The request presents more than one client authentication method; use only the registered one");
        }
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, endpoint.toURL());
            request.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
            if (!authorization.isEmpty()) {
                request.setAuthorization(authorization.get(0));
            }
            request.setBody(body == null ? "" : body);
            // The peer address, for throttling: forwarding headers are the caller's to forge, so not used.
            return new Converted(request, context.request().remoteAddress().hostAddress());
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the issuer URL is checked at start", e);
        }
    }

    /** Parameter names are the caller's text: echo only plain ones. */
    private static String safeName(String name) {
        return name.matches("[a-z_]{1,40}") ? name : "(a parameter)";
    }
}
