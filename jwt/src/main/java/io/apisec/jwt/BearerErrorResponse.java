package io.apisec.jwt;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where a validation failure becomes an HTTP answer, so that every adapter answers
 * alike: a refused token gets 400, 401 or 403 with a {@code WWW-Authenticate} challenge and an RFC
 * 6750 JSON body; a key-source failure gets 503 with an RFC 9457 problem and {@code Retry-After}, and
 * never says the token is invalid. Bodies never contain the token.
 *
 * @param status          the HTTP status
 * @param wwwAuthenticate the {@code WWW-Authenticate} value, for 400, 401 and 403
 * @param retryAfter      the {@code Retry-After} seconds, for 503
 * @param contentType     the body's media type
 * @param body            the body
 */
public record BearerErrorResponse(int status, Optional<String> wwwAuthenticate, Optional<String> retryAfter,
                                  String contentType, String body) {

    // The default interval between JWKS refetches for unknown keys: retrying sooner cannot help.
    private static final String RETRY_AFTER_SECONDS = "30";

    /** The answer to {@code failure}, for a resource in {@code realm}. */
    public static BearerErrorResponse of(TokenValidationException failure, String realm) {
        return switch (failure) {
            case TokenRejectedException rejected -> rejected(rejected, realm);
            case KeySourceUnavailableException unavailable -> keySourceUnavailable();
        };
    }

    private static BearerErrorResponse rejected(TokenRejectedException rejected, String realm) {
        String challenge = BearerChallenge.forRejection(realm, rejected);
        Map<String, Object> body = new LinkedHashMap<>();
        if (rejected.reason() == Rejection.MISSING_TOKEN) {
            // RFC 6750 section 3.1: no error code when the request carried no credentials at all.
            body.put("error_description", "This resource needs an access token: send Authorization: Bearer <token>");
        } else {
            body.put("error", rejected.error().code());
            body.put("error_description", rejected.reason().description());
            if (!rejected.requiredScopes().isEmpty()) {
                body.put("scope", String.join(" ", rejected.requiredScopes()));
            }
        }
        return new BearerErrorResponse(rejected.error().httpStatus(), Optional.of(challenge), Optional.empty(),
                "application/json", JSONObjectUtils.toJSONString(body));
    }

    private static BearerErrorResponse keySourceUnavailable() {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Service Unavailable");
        problem.put("status", 503);
        problem.put("detail", "The keys needed to check access tokens are temporarily unavailable; retry later.");
        return new BearerErrorResponse(503, Optional.empty(), Optional.of(RETRY_AFTER_SECONDS),
                "application/problem+json", JSONObjectUtils.toJSONString(problem));
    }
}
