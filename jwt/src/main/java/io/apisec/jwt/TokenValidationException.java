package io.apisec.jwt;

/**
 * The two ways validating an access token can fail, kept apart so that they are never confused:
 * {@link TokenRejectedException}, the token (or the request carrying it) is refused, answered with
 * 400, 401 or 403; and {@link KeySourceUnavailableException}, our own fault, answered with 503, never
 * with "invalid token" and never by letting the request through.
 */
public abstract sealed class TokenValidationException extends Exception
        permits TokenRejectedException, KeySourceUnavailableException {

    private static final long serialVersionUID = 1L;

    TokenValidationException(String message, Throwable cause, boolean withStackTrace) {
        super(message, cause, false, withStackTrace);
    }
}
