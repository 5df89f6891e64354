package io.apisec.gateway.pipeline;

import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Locale;
import java.util.Set;

/**
 * Step 5: the scopes the request needs (practice 4) — the route's, and those its scope rules add for the
 * request's method and content type — checked on every request, cache hits included, against the verified
 * token's {@code scope}: 403 {@code insufficient_scope} naming the scopes needed. The content type is the
 * request's one {@code Content-Type} ({@link FormTokenStep} refused a request with two, on every route).
 */
public final class AuthorizeStep implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        AccessToken token = context.get(Attributes.TOKEN, AccessToken.class);
        if (token == null && route.auth() != AuthMethod.PUBLIC) {
            // Unreachable when authentication ran: refused anyway, so a reordered pipeline fails closed.
            return Refusal.bearer(context, 401, null, null, "no verified token", null);
        }
        if (token == null) {
            return context.sendRequest();
        }
        String type = context.request().headers().get(HttpHeaders.CONTENT_TYPE);
        Set<String> needed = route.scopesFor(context.request().getMethod(), type == null ? null : mediaType(type));
        if (!token.scopes().containsAll(needed)) {
            return Refusal.bearer(context, 403, "insufficient_scope",
                    "The access token lacks a scope this request requires.", "insufficient scope",
                    String.join(" ", needed));
        }
        return context.sendRequest();
    }

    /** {@code Text/CSV; charset=utf-8} is {@code text/csv}. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
