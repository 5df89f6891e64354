package io.apisec.gateway.pipeline;

import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Step 5: the route's required scopes (practice 4), checked on every request, cache hits included, against the
 * verified token's {@code scope}: 403 {@code insufficient_scope} naming the scopes needed.
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
        if (token != null && !token.scopes().containsAll(route.requiredScopes())) {
            return Refusal.bearer(context, 403, "insufficient_scope",
                    "The access token lacks a scope this route requires.", "insufficient scope",
                    String.join(" ", route.requiredScopes()));
        }
        return context.sendRequest();
    }
}
