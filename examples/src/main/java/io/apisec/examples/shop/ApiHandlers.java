package io.apisec.examples.shop;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the example APIs' handlers share: a handler that decides from the verified token and whose policy
 * refusals are answered as the JWT handler answers (RFC 6750), and RFC 9457 problems for everything that is not
 * about the token (a bad body, an unknown order, a dependency down), failures included.
 */
public final class ApiHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandlers.class);

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

    /**
     * Answers every failure of {@code router} as a problem, without a stack trace: a body over the limit (413), and
     * anything unexpected (500, logged here with its cause).
     */
    public static void answerFailures(Router router) {
        router.route().failureHandler(context -> {
            int status = context.statusCode() < 400 ? 500 : context.statusCode();
            if (status == 500) {
                LOG.error("{} {} failed", context.request().method(), context.normalizedPath(), context.failure());
            }
            problem(context, status, status == 413 ? "Send a smaller body." : "Try again later.");
        });
    }

    /**
     * An RFC 9457 problem of type {@code about:blank}: its title is the status's phrase (§4.2.1), {@code detail}
     * says what to do next.
     */
    public static void problem(RoutingContext context, int status, String detail) {
        if (context.response().ended()) {
            return;
        }
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("type", "about:blank")
                        .put("title", HttpResponseStatus.valueOf(status).reasonPhrase()).put("status", status)
                        .put("detail", detail).encode());
    }

    /** A JSON answer that no cache keeps: it was made for one token. */
    public static void json(RoutingContext context, int status, Object body) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(String.valueOf(body));
    }
}
