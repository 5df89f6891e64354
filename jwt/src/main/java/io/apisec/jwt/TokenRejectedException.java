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
