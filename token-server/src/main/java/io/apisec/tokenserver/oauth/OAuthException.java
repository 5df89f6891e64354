package io.apisec.tokenserver.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;

import java.util.Objects;

/**
 * A refused OAuth request, as a typed value: the RFC 6749 section 5.2 error (code, description, HTTP
 * status), from Nimbus's {@link com.nimbusds.oauth2.sdk.OAuth2Error} constants. Tests assert the code.
 * Descriptions are ours and safe to send: they never echo a secret or a token.
 */
public final class OAuthException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ErrorObject error;
    private final boolean basicChallenge;
    private final long retryAfterSeconds;

    private OAuthException(ErrorObject error, boolean basicChallenge, long retryAfterSeconds) {
        super(error.getCode() + ": " + error.getDescription(), null, false, false);
        this.error = error;
        this.basicChallenge = basicChallenge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** {@code error} with our {@code description} in place of Nimbus's generic one. */
    public static OAuthException of(ErrorObject error, String description) {
        return new OAuthException(Objects.requireNonNull(error, "error").setDescription(description), false, 0);
    }

    /** 401 {@code invalid_client} answered with a {@code WWW-Authenticate: Basic} challenge (RFC 6749 5.2). */
    public static OAuthException invalidClientWithBasicChallenge(String description) {
        return new OAuthException(com.nimbusds.oauth2.sdk.OAuth2Error.INVALID_CLIENT.setDescription(description), true, 0);
    }

    /** 429 after too many failed client authentications: {@code invalid_client} with {@code Retry-After}. */
    public static OAuthException throttled(java.time.Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new OAuthException(com.nimbusds.oauth2.sdk.OAuth2Error.INVALID_CLIENT.setHTTPStatusCode(429)
                .setDescription("Too many failed client authentications; retry in " + seconds + " s"), false, seconds);
    }

    /** Seconds to send in {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorObject error() {
        return error;
    }

    public String code() {
        return error.getCode();
    }

    public int httpStatus() {
        return error.getHTTPStatusCode();
    }

    public boolean basicChallenge() {
        return basicChallenge;
    }
}
