package io.apisec.tokenserver.http;

import io.apisec.tokenserver.oauth.OAuthException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import net.minidev.json.JSONObject;

import java.util.Map;

/**
 * Writes OAuth answers: JSON, {@code Cache-Control: no-store} and {@code Pragma: no-cache} on every one
 * (RFC 6749 section 5.1), errors per section 5.2 with {@code WWW-Authenticate: Basic} on a 401 to a
 * client that used Basic.
 */
public final class OAuthResponses {

    private OAuthResponses() {
    }

    public static void json(RoutingContext context, int status, Map<String, Object> body) {
        noStore(context.response()).setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .end(new JSONObject(body).toJSONString());
    }

    public static void error(RoutingContext context, OAuthException e, String realm) {
        HttpServerResponse response = noStore(context.response());
        if (e.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        if (e.basicChallenge()) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        } else if (e.httpStatus() == 401) {
            // RFC 9110 section 15.5.2: every 401 carries a challenge; clients of the other methods get Basic too,
            // the scheme this server also accepts.
            response.putHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
        }
        json(context, e.httpStatus(), e.error().toJSONObject());
    }

    private static HttpServerResponse noStore(HttpServerResponse response) {
        return response.putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
    }
}
