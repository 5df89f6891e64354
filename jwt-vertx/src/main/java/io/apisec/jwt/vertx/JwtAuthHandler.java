package io.apisec.jwt.vertx;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.BearerChallenge;
import io.apisec.jwt.BearerCredentials;
import io.apisec.jwt.BearerErrorResponse;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.ScopeTokens;
import io.apisec.jwt.TokenRejectedException;
import io.apisec.jwt.TokenValidationException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Protects Vert.x Web routes with the apisec JWT library: every request must carry exactly one
 * access token, in {@code Authorization: Bearer}, that the {@link JwtValidator} accepts (practice 6).
 * The verified {@link AccessToken} is then available through {@link #accessToken(RoutingContext)}.
 *
 * <p>Refusals follow RFC 6750: 401 with a {@code WWW-Authenticate} challenge for a missing or invalid
 * token, 400 for a token sent in more than one place or by more than one method (practice 8), 403 for
 * {@link #requireScopes insufficient scope}; and 503 when the signing keys cannot be had, which is never
 * reported as an invalid token. Validation may fetch keys, so it runs on a worker thread.
 */
public final class JwtAuthHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthHandler.class);
    private static final String ACCESS_TOKEN_KEY = JwtAuthHandler.class.getName() + ".accessToken";
    private static final String PRESENTED_TOKEN_KEY = JwtAuthHandler.class.getName() + ".presentedToken";
    private static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private final JwtValidator validator;
    private final String realm;

    private JwtAuthHandler(JwtValidator validator, String realm) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.realm = BearerChallenge.requireValidRealm(realm);
    }

    /**
     * @param validator the validator of this API's tokens
     * @param realm     the realm named in {@code WWW-Authenticate} challenges
     */
    public static JwtAuthHandler create(JwtValidator validator, String realm) {
        return new JwtAuthHandler(validator, realm);
    }

    /**
     * The verified token of a request that passed this handler.
     *
     * @throws IllegalStateException when the route is not protected by a {@code JwtAuthHandler}
     */
    public static AccessToken accessToken(RoutingContext context) {
        AccessToken token = context.get(ACCESS_TOKEN_KEY);
        if (token == null) {
            throw new IllegalStateException("No verified access token on this request: protect the route with "
                    + "JwtAuthHandler before reading the token");
        }
        return token;
    }

    /**
     * The compact JWT that a request which passed this handler presented, for an API that exchanges it for a
     * token to call another API with (RFC 8693 token exchange). It is a bearer credential: never log it, never
     * forward it; send it only to the token server.
     *
     * @throws IllegalStateException when the route is not protected by a {@code JwtAuthHandler}
     */
    public static String presentedToken(RoutingContext context) {
        accessToken(context);
        return context.get(PRESENTED_TOKEN_KEY);
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String token;
        try {
            token = BearerCredentials.extract(request.headers().getAll(HttpHeaders.AUTHORIZATION),
                    context.queryParams().contains(ACCESS_TOKEN_PARAMETER), formCarriesToken(request));
        } catch (TokenRejectedException e) {
            refuse(context, e);
            return;
        }
        if (!request.isEnded()) {
            request.pause();
        }
        context.vertx().executeBlocking(() -> validator.validate(token), false).onComplete(result -> {
            if (!request.isEnded()) {
                request.resume();
            }
            if (result.succeeded()) {
                context.put(ACCESS_TOKEN_KEY, result.result());
                context.put(PRESENTED_TOKEN_KEY, token);
                context.next();
            } else if (result.cause() instanceof TokenValidationException failure) {
                refuse(context, failure);
            } else {
                context.fail(500, result.cause());
            }
        });
    }

    /**
     * A handler, placed after this one, that requires every one of {@code scopes} (practice 4) and
     * answers 403 {@code insufficient_scope} otherwise.
     */
    public Handler<RoutingContext> requireScopes(String... scopes) {
        String[] required = ScopeTokens.requireValid(scopes).toArray(String[]::new);
        return context -> {
            try {
                accessToken(context).requireScopes(required);
                context.next();
            } catch (TokenRejectedException e) {
                refuse(context, e);
            }
        };
    }

    /**
     * Answers as this handler does (RFC 6750 status, challenge and JSON body, {@code no-store}): for an API's own
     * checks after it, such as a claim rule that {@link AccessToken#requireClaim} refused (403
     * {@code insufficient_scope}), so that every refusal of one API looks the same.
     */
    public void refuse(RoutingContext context, TokenValidationException failure) {
        if (failure instanceof KeySourceUnavailableException) {
            // The key source logs each failed fetch once; per request, debug keeps an outage from flooding logs.
            LOG.debug("Keys unavailable, answered 503 to {} {}: {}", context.request().method(),
                    context.normalizedPath(), failure.getMessage());
        } else if (failure instanceof TokenRejectedException rejected) {
            LOG.debug("Refused {} {}: {}", context.request().method(), context.normalizedPath(),
                    rejected.reason());
        }
        BearerErrorResponse answer = BearerErrorResponse.of(failure, realm);
        var response = context.response().setStatusCode(answer.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        answer.wwwAuthenticate().ifPresent(v -> response.putHeader("WWW-Authenticate", v));
        answer.retryAfter().ifPresent(v -> response.putHeader("Retry-After", v));
        response.end(answer.body());
    }

    private static boolean formCarriesToken(HttpServerRequest request) {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return contentType != null
                && contentType.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33)
                && request.isExpectMultipart()
                && request.getFormAttribute(ACCESS_TOKEN_PARAMETER) != null;
    }
}
