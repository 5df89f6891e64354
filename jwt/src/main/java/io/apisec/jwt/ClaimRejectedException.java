package io.apisec.jwt;

import com.nimbusds.jwt.proc.BadJWTException;

/** Carries a precise {@link Rejection} out of Nimbus's claims-verification step. */
final class ClaimRejectedException extends BadJWTException {

    private static final long serialVersionUID = 1L;

    private final Rejection reason;

    ClaimRejectedException(Rejection reason) {
        super(reason.description());
        this.reason = reason;
    }

    Rejection reason() {
        return reason;
    }
}
