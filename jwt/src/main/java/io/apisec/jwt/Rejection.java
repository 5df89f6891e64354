package io.apisec.jwt;

/**
 * Why a request's access token was refused. Each reason maps to one RFC 6750 error and has a
 * description that is safe to send to the client: it never contains the token or a claim value.
 * Log {@link #name()} as the reason code.
 */
public enum Rejection {
    /** No bearer token at all: answered 401 with a challenge that, per RFC 6750 section 3.1, names no error. */
    MISSING_TOKEN(BearerError.INVALID_TOKEN, "No access token was sent"),
    MULTIPLE_CREDENTIALS(BearerError.INVALID_REQUEST,
            "The request carries more than one credential; send one access token, in the Authorization header"),
    TOKEN_NOT_IN_HEADER(BearerError.INVALID_REQUEST,
            "Send the access token in the Authorization header, not in the URI or the body"),
    MALFORMED_AUTHORIZATION(BearerError.INVALID_REQUEST,
            "The Authorization header is malformed; expected: Bearer <token>"),
    TOO_LARGE(BearerError.INVALID_TOKEN, "The access token is too large"),
    MALFORMED(BearerError.INVALID_TOKEN, "The access token is malformed"),
    ALGORITHM_NOT_ALLOWED(BearerError.INVALID_TOKEN, "The access token is not signed with an accepted algorithm"),
    UNSUPPORTED_HEADER(BearerError.INVALID_TOKEN, "The access token has a critical header that is not understood"),
    WRONG_TYPE(BearerError.INVALID_TOKEN, "The token is not an access token"),
    UNKNOWN_KEY(BearerError.INVALID_TOKEN, "The access token is signed by an unknown key"),
    BAD_SIGNATURE(BearerError.INVALID_TOKEN, "The access token signature is invalid"),
    WRONG_ISSUER(BearerError.INVALID_TOKEN, "The access token was not issued by the trusted issuer"),
    WRONG_AUDIENCE(BearerError.INVALID_TOKEN, "The access token is not intended for this API"),
    MISSING_CLAIM(BearerError.INVALID_TOKEN, "The access token lacks a required claim"),
    INVALID_CLAIM(BearerError.INVALID_TOKEN, "The access token has a claim of the wrong form"),
    SENDER_CONSTRAINED(BearerError.INVALID_TOKEN,
            "The access token is bound to a key (cnf); this API accepts bearer tokens only"),
    EXPIRED(BearerError.INVALID_TOKEN, "The access token has expired"),
    NOT_YET_VALID(BearerError.INVALID_TOKEN, "The access token is not valid yet"),
    ISSUED_IN_FUTURE(BearerError.INVALID_TOKEN, "The access token was issued in the future"),
    LIFETIME_TOO_LONG(BearerError.INVALID_TOKEN, "The access token lives longer than this API accepts"),
    INSUFFICIENT_SCOPE(BearerError.INSUFFICIENT_SCOPE, "The access token lacks a required scope"),
    CLAIM_NOT_SATISFIED(BearerError.INSUFFICIENT_SCOPE, "The access token does not grant access to this resource"),
    /**
     * Valid as a JWT, but the token server says it is no longer active (revoked): learned when the API asks it,
     * as an introspection or a token exchange does. See {@link TokenRejectedException#inactive()}.
     */
    INACTIVE(BearerError.INVALID_TOKEN, "The access token is no longer active");

    private final BearerError error;
    private final String description;

    Rejection(BearerError error, String description) {
        this.error = error;
        this.description = description;
    }

    /** The RFC 6750 error this reason is reported as. */
    public BearerError error() {
        return error;
    }

    /** A description safe to send to the client as {@code error_description}. */
    public String description() {
        return description;
    }
}
