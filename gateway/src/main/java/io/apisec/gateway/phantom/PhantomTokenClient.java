package io.apisec.gateway.phantom;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.TokenRejectedException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The phantom-token exchange: one RFC 7662 introspection call per opaque token with {@code Accept:
 * application/jwt}, authenticated with the gateway's own client credentials and nothing of the client's request.
 * 200 carries the token's JWT form, verified here with the token server's keys before it is trusted; 204 means
 * inactive; 503 or no answer in time means unavailable; anything else is a failure.
 */
public final class PhantomTokenClient implements TokenIntrospector {

    /** A JWT form far above any real token; a longer answer is not read as one. */
    static final int MAX_JWT_BYTES = 16 * 1024;
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*(\\d{1,9})(?:$|[,\\s])");

    private final Vertx vertx;
    private final WebClient client;
    private final URI endpoint;
    private final String authorization;
    private final JwtValidator validator;
    private final Duration timeout;
    private final Duration skew;
    private final Clock clock;

    /**
     * @param endpoint  the token server's introspection endpoint (https)
     * @param validator verifies the JWT form: the token server's issuer and keys, {@code at+jwt}
     * @param timeout   how long one call may take before the token server counts as unavailable
     * @param skew      how long before its {@code exp} a JWT stops being served from the cache
     */
    public PhantomTokenClient(Vertx vertx, WebClient client, URI endpoint, String clientId, String clientSecret,
                              JwtValidator validator, Duration timeout, Duration skew, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (formEncode(clientId) + ":" + formEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        this.validator = Objects.requireNonNull(validator, "validator");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken) {
        return client.postAbs(endpoint.toString())
                .putHeader("Accept", "application/jwt")
                .putHeader("Authorization", authorization)
                .timeout(timeout.toMillis())
                .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", opaqueToken))
                .transform(answer -> answer.failed()
                        ? Future.succeededFuture(new IntrospectionOutcome.Unavailable("the token server did not answer"))
                        : outcome(answer.result()));
    }

    private Future<IntrospectionOutcome> outcome(HttpResponse<Buffer> response) {
        return switch (response.statusCode()) {
            case 204 -> Future.succeededFuture(new IntrospectionOutcome.Inactive());
            case 503 -> Future.succeededFuture(new IntrospectionOutcome.Unavailable("the token server answered 503"));
            case 200 -> active(response);
            default -> Future.succeededFuture(new IntrospectionOutcome.Failed(
                    "the token server answered " + response.statusCode()));
        };
    }

    private Future<IntrospectionOutcome> active(HttpResponse<Buffer> response) {
        String type = response.getHeader("Content-Type");
        Buffer body = response.body();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/jwt") || body == null
                || body.length() == 0 || body.length() > MAX_JWT_BYTES) {
            return Future.succeededFuture(new IntrospectionOutcome.Failed("the token server's 200 is not a JWT"));
        }
        String jwt = body.toString(StandardCharsets.US_ASCII).trim();
        OptionalLong maxAge = maxAge(response.getHeader("Cache-Control"));
        return verify(jwt, token -> cacheUntil(token, maxAge));
    }

    /**
     * Verifies a JWT form another gateway node introspected and shared, as if the token server had just sent it:
     * a shared store is not trusted to hold only what the token server said.
     */
    public Future<IntrospectionOutcome> verifyShared(String jwt, Instant sharedUntil) {
        return verify(jwt, token -> {
            Instant byExpiry = cacheUntil(token, OptionalLong.empty());
            return sharedUntil.isBefore(byExpiry) ? sharedUntil : byExpiry;
        });
    }

    private Future<IntrospectionOutcome> verify(String jwt, Function<AccessToken, Instant> cacheUntil) {
        // Verification may fetch the token server's keys: a blocking call, off the event loop.
        return vertx.executeBlocking(() -> {
            try {
                AccessToken token = validator.validate(jwt);
                return (IntrospectionOutcome) new IntrospectionOutcome.Active(jwt, token, cacheUntil.apply(token));
            } catch (TokenRejectedException e) {
                return new IntrospectionOutcome.Failed("the token server's JWT did not verify: " + e.getMessage());
            } catch (KeySourceUnavailableException e) {
                return new IntrospectionOutcome.Unavailable("the token server's keys are unavailable");
            }
        }, false);
    }

    /** The earlier of the answer's max-age and the JWT's expiry less the skew. */
    private Instant cacheUntil(AccessToken token, OptionalLong maxAge) {
        Instant now = clock.instant();
        Instant until = token.expiresAt().minus(skew);
        if (maxAge.isPresent()) {
            Instant byAge = now.plusSeconds(maxAge.getAsLong());
            until = byAge.isBefore(until) ? byAge : until;
        }
        return until.isBefore(now) ? now : until;
    }

    static OptionalLong maxAge(String cacheControl) {
        if (cacheControl == null) {
            return OptionalLong.empty();
        }
        Matcher matcher = MAX_AGE.matcher(cacheControl.toLowerCase(Locale.ROOT));
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic. */
    private static String formEncode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value), StandardCharsets.UTF_8);
    }
}
