package io.apisec.tokenserver.grant;

import io.apisec.tokenserver.refresh.RefreshTokenRecord;
import io.apisec.tokenserver.refresh.RefreshTokenRequest;
import io.apisec.tokenserver.token.AccessTokenRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * What a grant decided: the access token to issue, the refresh token to issue with it if any, and the
 * refresh token redeemed to get here (a rotation), whose family must still be alive once both are issued.
 */
public record TokenDecision(AccessTokenRequest access, Optional<RefreshTokenRequest> refresh,
                            Optional<RefreshTokenRecord> redeemed) {

    public TokenDecision {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(refresh, "refresh");
        Objects.requireNonNull(redeemed, "redeemed");
    }

    public static TokenDecision accessOnly(AccessTokenRequest access) {
        return new TokenDecision(access, Optional.empty(), Optional.empty());
    }
}
