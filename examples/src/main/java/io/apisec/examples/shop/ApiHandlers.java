package io.apisec.examples.shop;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * What the example APIs' handlers share: a handler that decides from the verified token and whose policy
 * refusals are answered as the JWT handler answers (RFC 6750), and RFC 9457 problems for everything that is not
 * about the token (a bad body, an unknown order, a dependency down).
 */
public final class ApiHandlers {

    private ApiHandlers() {
    }

    /** A handler's work once the token is verified; may refuse by throwing, as the policies do. */
    @FunctionalInterface
    public interface Action {
        void handle(RoutingContext context, AccessToken token) throws TokenRejectedException;
    }

    /** Runs {@code action} with the request's verified token; a refusal becomes the RFC 6750 answer of {@code auth}. */
    public static Handler<RoutingContext> withToken(JwtAuthHandler auth, Action action) {
        return context -> {
            try {
                action.handle(context, JwtAuthHandler.accessToken(context));
            } catch (TokenRejectedException refused) {
                auth.refuse(context, refused);
            }
        };
    }

    /** An RFC 9457 problem: {@code title} says what happened, {@code detail} what to do about it. */
    public static void problem(RoutingContext context, int status, String title, String detail) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                        .put("detail", detail).encode());
    }

    /** A JSON answer that no cache keeps: it was made for one token. */
    public static void json(RoutingContext context, int status, Object body) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(String.valueOf(body));
    }
}
