package io.apisec.gateway.pipeline;

import io.apisec.gateway.block.InvalidTokenBudget;
import io.apisec.gateway.phantom.IntrospectionOutcome;
import io.apisec.gateway.phantom.PhantomTokenCache;
import io.apisec.gateway.phantom.TokenIntrospector;
import io.apisec.gateway.ratelimit.RateDecision;
import io.apisec.gateway.route.AuthMethod;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.BearerCredentials;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.Rejection;
import io.apisec.jwt.TokenRejectedException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Step 4: the route's one authentication method (practice 8). The token is taken from the
 * {@code Authorization} header only; a request carrying more than one credential, or one in the query or a form
 * body, is 400.
 * {@code phantom}: the opaque token becomes its verified JWT (inactive 401, token server down 503, any other
 * failure 502, never a pass without a verified answer); a JWT presented there is 401 without a lookup. {@code jwt}: validated here, for the route's audience.
 * {@code public}: the
 * request goes on without any credential, an {@code Authorization} header removed. An address that presented too
 * many tokens that failed ({@link InvalidTokenBudget}) is refused with 429 before its token is looked at.
 */
public final class AuthenticateStep implements ProxyInterceptor {

    private final Vertx vertx;
    private final InvalidTokenBudget invalidTokens;
    private final TokenIntrospector phantom;
    private final Function<String, JwtValidator> validatorFor;
    private final Map<String, JwtValidator> validators = new ConcurrentHashMap<>();

    /**
     * @param invalidTokens counts each address's tokens that fail verification, and refuses those over budget
     * @param validatorFor  a validator of the token server's JWTs for one audience (a jwt route's)
     */
    public AuthenticateStep(Vertx vertx, InvalidTokenBudget invalidTokens, TokenIntrospector phantom,
                            Function<String, JwtValidator> validatorFor) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.invalidTokens = Objects.requireNonNull(invalidTokens, "invalidTokens");
        this.phantom = Objects.requireNonNull(phantom, "phantom");
        this.validatorFor = Objects.requireNonNull(validatorFor, "validatorFor");
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        List<String> authorization = context.request().headers().getAll(HttpHeaders.AUTHORIZATION);
        boolean tokenInQuery = hasAccessTokenParameter(context.request().getURI());
        boolean tokenInForm = Boolean.TRUE.equals(context.get(FormTokenStep.TOKEN_IN_FORM, Boolean.class));
        if (route.auth() == AuthMethod.PUBLIC) {
            if (tokenInQuery || tokenInForm) {
                return Refusal.send(context, 400, "invalid_request", Rejection.TOKEN_NOT_IN_HEADER.description(),
                        tokenInQuery ? "token in query" : "token in form");
            }
            if (authorization.size() > 1) { // credentials are never mixed, even where none is needed
                return Refusal.send(context, 400, "invalid_request", Rejection.MULTIPLE_CREDENTIALS.description(),
                        "credentials: multiple_credentials");
            }
            context.request().headers().remove(HttpHeaders.AUTHORIZATION);
            return context.sendRequest();
        }
        String token;
        try {
            token = BearerCredentials.extract(authorization, tokenInQuery, tokenInForm);
        } catch (TokenRejectedException e) {
            return e.reason() == Rejection.MISSING_TOKEN
                    // RFC 6750 §3.1: no error code when the request had no credential.
                    ? Refusal.bearer(context, 401, null, null, "no token", null)
                    : Refusal.bearer(context, e.error().httpStatus(), e.error().code(), e.reason().description(),
                    "credentials: " + e.reason().name().toLowerCase(Locale.ROOT), null);
        }
        RequestRecord record = ObserveStep.record(context);
        Optional<Duration> refused = invalidTokens.refusal(record.source);
        if (refused.isPresent()) {
            return tooManyInvalidTokens(context, refused.get());
        }
        String hash = PhantomTokenCache.keyOf(token);
        record.tokenHash = hash.substring(0, 8);
        return switch (route.auth()) {
            case PHANTOM -> {
                if (token.indexOf('.') >= 0) {
                    // A JWT (the token server's opaque tokens are base64url, never dotted) is a credential for
                    // another method: refused, not introspected, so a JWT that an API received cannot be played
                    // back from outside, and an internal client's JWT opens no route meant for opaque tokens.
                    invalidTokens.failed(record.source);
                    yield Refusal.bearer(context, 401, "invalid_token", "This route takes the opaque access token"
                            + " that the token server issued, not a JWT.", "jwt on a phantom route", null);
                }
                // A lookup that will ask the token server is charged first: guesses sent at once cannot outrun
                // the address's budget. A valid token gets its charge back.
                boolean charged = !phantom.answerAtHand(hash);
                if (charged) {
                    Optional<Duration> over = invalidTokens.charge(record.source);
                    if (over.isPresent()) {
                        yield tooManyInvalidTokens(context, over.get());
                    }
                }
                yield Contexts.onCurrent(phantom.introspect(token, hash)).compose(outcome -> {
                    if (charged && outcome instanceof IntrospectionOutcome.Active) {
                        invalidTokens.refund(record.source);
                    }
                    return afterIntrospection(context, outcome);
                });
            }
            case JWT -> vertx.executeBlocking(() -> validators.computeIfAbsent(route.audience().orElseThrow(),
                            validatorFor).validate(token), false)
                    .transform(result -> afterValidation(context, token, result.result(), result.cause()));
            case PUBLIC -> throw new IllegalStateException("handled above");
        };
    }

    /** Refused before the token is looked at: guessing tokens costs the token server nothing. */
    private static Future<ProxyResponse> tooManyInvalidTokens(ProxyContext context, Duration wait) {
        Future<ProxyResponse> answer = Refusal.send(context, 429, "rate_limited", "Too many invalid tokens from"
                + " this address; retry after the time in Retry-After.", "invalid tokens");
        answer.result().putHeader("Retry-After", RateDecision.retryAfterHeader(wait));
        return answer;
    }

    private static Future<ProxyResponse> afterIntrospection(ProxyContext context, IntrospectionOutcome outcome) {
        return switch (outcome) {
            case IntrospectionOutcome.Active active -> pass(context, active.token(), active.jwt());
            case IntrospectionOutcome.Inactive inactive -> Refusal.bearer(context, 401, "invalid_token",
                    "The access token is not active. Get a new one from the token server.", "token inactive", null);
            case IntrospectionOutcome.Unavailable down -> {
                Future<ProxyResponse> answer = Refusal.send(context, 503, "temporarily_unavailable",
                        "The token could not be checked right now; retry in a moment.", "introspection: " + down.reason());
                answer.result().putHeader("Retry-After", "5");
                yield answer;
            }
            case IntrospectionOutcome.Failed failed -> Refusal.send(context, 502, "server_error",
                    "The token could not be checked.", "introspection: " + failed.reason());
        };
    }

    private Future<ProxyResponse> afterValidation(ProxyContext context, String jwt, AccessToken token,
                                                  Throwable failure) {
        if (failure == null) {
            return pass(context, token, jwt);
        }
        if (failure instanceof TokenRejectedException rejected) {
            invalidTokens.failed(ObserveStep.record(context).source);
            return Refusal.bearer(context, 401, "invalid_token", rejected.reason().description(),
                    "jwt: " + rejected.reason().name().toLowerCase(Locale.ROOT), null);
        }
        if (failure instanceof KeySourceUnavailableException) {
            return Refusal.send(context, 503, "temporarily_unavailable",
                    "The token could not be checked right now; retry in a moment.", "jwt: keys unavailable");
        }
        return Refusal.send(context, 502, "server_error", "The token could not be checked.", "jwt: failure");
    }

    private static Future<ProxyResponse> pass(ProxyContext context, AccessToken token, String jwt) {
        RequestRecord record = ObserveStep.record(context);
        record.clientId = token.clientId().orElse(null);
        record.subject = token.subject().orElse(null);
        context.set(Attributes.TOKEN, token);
        context.set(Attributes.FORWARDED_JWT, jwt);
        return context.sendRequest();
    }

    /**
     * Whether the query has an {@code access_token} parameter, however its name is spelled: any case, any
     * encoding, after {@code &} or {@code ;} (servers split on either).
     */
    static boolean hasAccessTokenParameter(String uri) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return false;
        }
        for (String pair : uri.substring(query + 1).split("[&;]")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            try {
                if (URLDecoder.decode(name, StandardCharsets.UTF_8).strip().equalsIgnoreCase("access_token")) {
                    return true;
                }
            } catch (RuntimeException malformed) {
                return true; // a name that does not decode is not trusted to be something else
            }
        }
        return false;
    }
}
