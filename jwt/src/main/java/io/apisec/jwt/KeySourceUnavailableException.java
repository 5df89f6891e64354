package io.apisec.jwt;

/**
 * The keys needed to check a token could not be had: the JWKS endpoint is unreachable beyond the
 * outage bound, or a token names a key we do not hold while the endpoint cannot be asked. This is
 * our fault, not the client's: answer 503, never 401, and never let the request through.
 * The message names the key source for the operator's log; clients get a generic description.
 */
public final class KeySourceUnavailableException extends TokenValidationException {

    private static final long serialVersionUID = 1L;

    public KeySourceUnavailableException(String message, Throwable cause) {
        // No stack trace of its own: under a flood of requests during an outage it would be built for
        // each one; the cause keeps the trace of the fetch that failed.
        super(message, cause, false);
    }
}
