package io.apisec.jwt;

import java.util.List;
import java.util.Objects;

/**
 * The access token, or the way the request carried it, was refused. The message is the reason's safe
 * description: it never contains the token. Thrown often under attack, so it carries no stack trace.
 */
public final class TokenRejectedException extends TokenValidationException {

    private static final long serialVersionUID = 1L;

    private final Rejection reason;
    private final List<String> requiredScopes;

    TokenRejectedException(Rejection reason) {
        this(reason, List.of());
    }

    TokenRejectedException(Rejection reason, List<String> requiredScopes) {
        super(Objects.requireNonNull(reason, "reason").description(), null, false);
        this.reason = reason;
        this.requiredScopes = List.copyOf(requiredScopes);
    }

    /**
     * The token server said that a token this library accepted is no longer active (a token exchange or an
     * introspection refused it): answered 401 {@code invalid_token} like any other refused token. The library's
     * own checks make every other rejection; an API makes only this one.
     */
    public static TokenRejectedException inactive() {
        return new TokenRejectedException(Rejection.INACTIVE);
    }

    /** Why the token was refused; its name is the reason code to log. */
    public Rejection reason() {
        return reason;
    }

    /** The RFC 6750 error to answer with. */
    public BearerError error() {
        return reason.error();
    }

    /** For {@link BearerError#INSUFFICIENT_SCOPE}: the scopes the request needs; otherwise empty. */
    public List<String> requiredScopes() {
        return requiredScopes;
    }
}
