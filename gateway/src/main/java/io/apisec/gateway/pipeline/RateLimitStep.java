package io.apisec.gateway.pipeline;

import io.apisec.gateway.ratelimit.RateDecision;
import io.apisec.gateway.ratelimit.RateLimiter;
import io.apisec.gateway.ratelimit.RateRule;
import io.apisec.gateway.route.Route;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Objects;

/**
 * Step 6: the route's rate limits (practice 14), each counting the budget its key names — the client, the
 * subject, the source address, the route, a claim, the client's owner — in order: 429 with {@code Retry-After},
 * {@code RateLimit} and {@code RateLimit-Policy} from the first one exhausted. A passed request carries the
 * fields of the limit closest to exhaustion. When the limiter cannot decide (its store is down), the request
 * is refused with 503: fail closed.
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
        if (route.rateLimits().isEmpty()) {
            return context.sendRequest();
        }
        AccessToken token = context.get(Attributes.TOKEN, AccessToken.class);
        String source = context.request().proxiedRequest().remoteAddress().hostAddress();
        return check(context, route.name(), route.rateLimits(), 0, token, source, null);
    }

    private Future<ProxyResponse> check(ProxyContext context, String route, List<RateRule> rules, int index,
                                        AccessToken token, String source, RateDecision tightest) {
        if (index == rules.size()) {
            context.set(DECISION, tightest);
            return context.sendRequest();
        }
        RateRule rule = rules.get(index);
        return Contexts.onCurrent(limiter.acquire(route + "|" + rule.key().of(token, source), rule.policy()))
                .transform(result -> {
                    if (result.failed()) {
                        return Refusal.send(context, 503, "temporarily_unavailable",
                                "The rate limit could not be checked; retry in a moment.", "rate limiter unavailable");
                    }
                    RateDecision decision = result.result();
                    if (!decision.allowed()) {
                        return limited(context, decision);
                    }
                    boolean tighter = tightest == null || decision.remaining() < tightest.remaining();
                    return check(context, route, rules, index + 1, token, source, tighter ? decision : tightest);
                });
    }

    private static Future<ProxyResponse> limited(ProxyContext context, RateDecision decision) {
        Future<ProxyResponse> answer = Refusal.send(context, 429, "rate_limited",
                "Too many requests; retry after the time in Retry-After.", "rate limited");
        answer.result().putHeader("Retry-After", decision.retryAfterHeader())
                .putHeader("RateLimit", decision.rateLimitHeader())
                .putHeader("RateLimit-Policy", decision.policy().policyHeader());
        return answer;
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
