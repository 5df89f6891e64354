package io.apisec.jwt;

/**
 * The error codes of RFC 6750 section 3.1, with the HTTP status each one is answered with.
 */
public enum BearerError {
    /** The request is malformed: a missing or repeated parameter, or more than one credential. */
    INVALID_REQUEST("invalid_request", 400),
    /** The access token is expired, revoked, malformed or invalid for another reason. */
    INVALID_TOKEN("invalid_token", 401),
    /** The access token is valid but does not grant what the request needs. */
    INSUFFICIENT_SCOPE("insufficient_scope", 403);

    private final String code;
    private final int httpStatus;

    BearerError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The RFC 6750 {@code error} value. */
    public String code() {
        return code;
    }

    /** The HTTP status that carries this error. */
    public int httpStatus() {
        return httpStatus;
    }
}
