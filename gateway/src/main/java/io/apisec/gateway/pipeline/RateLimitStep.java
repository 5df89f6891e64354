package io.apisec.gateway.pipeline;

import io.apisec.gateway.ratelimit.RateDecision;
import io.apisec.gateway.ratelimit.RateLimiter;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Objects;

/**
 * Step 6: the route's rate limit, per client (its verified {@code client_id}, else its subject) or, on a public
 * route, per source address: 429 with {@code Retry-After}, {@code RateLimit} and {@code RateLimit-Policy}. When
 * the limiter cannot decide (its store is down), the request is refused with 503: fail closed.
 */
public final class RateLimitStep implements ProxyInterceptor {

    static final String DECISION = "apisec.rate";

    private final RateLimiter limiter;

    public RateLimitStep(RateLimiter limiter) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        if (route.rateLimit().isEmpty()) {
            return context.sendRequest();
        }
        AccessToken token = context.get(Attributes.TOKEN, AccessToken.class);
        String key = token == null ? "address:" + context.request().proxiedRequest().remoteAddress().hostAddress()
                : token.clientId().map(id -> "client:" + id)
                .orElseGet(() -> "subject:" + token.subject().orElse("-"));
        return limiter.acquire(route.name() + "|" + key, route.rateLimit().get()).transform(result -> {
            if (result.failed()) {
                return Refusal.send(context, 503, "temporarily_unavailable",
                        "The rate limit could not be checked; retry in a moment.", "rate limiter unavailable");
            }
            RateDecision decision = result.result();
            if (!decision.allowed()) {
                Future<ProxyResponse> answer = Refusal.send(context, 429, "rate_limited",
                        "Too many requests; retry after the time in Retry-After.", "rate limited");
                answer.result().putHeader("Retry-After", decision.retryAfterHeader())
                        .putHeader("RateLimit", decision.rateLimitHeader())
                        .putHeader("RateLimit-Policy", decision.policy().policyHeader());
                return answer;
            }
            context.set(DECISION, decision);
            return context.sendRequest();
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        RateDecision decision = context.get(DECISION, RateDecision.class);
        if (decision != null) {
            context.response().putHeader("RateLimit", decision.rateLimitHeader())
                    .putHeader("RateLimit-Policy", decision.policy().policyHeader());
        }
        return context.sendResponse();
    }
}
