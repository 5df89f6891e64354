package io.apisec.jwt;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The claims rules of an access token. Each rule is checked here first, so that a refusal carries a
 * precise reason; then Nimbus's {@link DefaultJWTClaimsVerifier}, configured with the same rules as
 * data (exact issuer, accepted audiences, required claims, time window), checks them all again.
 */
final class AccessTokenClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    // RFC 7800 / RFC 9449 / RFC 8705: a token bound to a key is not a bearer token. Accepting it
    // without checking the proof of possession would undo the binding, so it is refused.
    private static final String CONFIRMATION = "cnf";

    private final String issuer;
    private final Set<String> audiences; // null: audience not checked
    private final Set<String> requiredClaims;
    private final long leewayMillis;
    private final Duration maxLifetime; // null: no maximum
    private final Clock clock;

    AccessTokenClaimsVerifier(String issuer, Set<String> audiences, Set<String> requiredClaims,
                              Duration leeway, Duration maxLifetime, Clock clock) {
        super(audiences, new JWTClaimsSet.Builder().issuer(issuer).build(), requiredClaims, Set.of(CONFIRMATION));
        setMaxClockSkew((int) leeway.toSeconds());
        this.issuer = issuer;
        this.audiences = audiences;
        this.requiredClaims = requiredClaims;
        this.leewayMillis = leeway.toSeconds() * 1000;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    protected Date currentTime() {
        return new Date(clock.millis());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        Object iss = claims.getClaim(JWTClaimNames.ISSUER);
        if (iss == null) {
            throw new ClaimRejectedException(Rejection.MISSING_CLAIM);
        }
        if (!issuer.equals(iss)) {
            throw new ClaimRejectedException(Rejection.WRONG_ISSUER);
        }
        List<String> aud = claims.getAudience();
        if (aud.contains(null)) {
            throw new ClaimRejectedException(Rejection.INVALID_CLAIM);
        }
        if (audiences != null && aud.stream().noneMatch(audiences::contains)) {
            throw new ClaimRejectedException(Rejection.WRONG_AUDIENCE);
        }
        if (claims.getClaim(CONFIRMATION) != null) {
            throw new ClaimRejectedException(Rejection.SENDER_CONSTRAINED);
        }
        for (String name : requiredClaims) {
            if (claims.getClaim(name) == null) {
                throw new ClaimRejectedException(Rejection.MISSING_CLAIM);
            }
        }
        if (claims.getClaim(JWTClaimNames.SUBJECT) == null && claims.getClaim("client_id") == null) {
            throw new ClaimRejectedException(Rejection.MISSING_CLAIM);
        }
        checkTimeWindow(claims);
        super.verify(claims, context);
    }

    private void checkTimeWindow(JWTClaimsSet claims) throws ClaimRejectedException {
        long now = clock.millis();
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        Date nbf = claims.getNotBeforeTime();
        // RFC 7519: the current time must be before exp; the leeway absorbs clock skew.
        if (exp != null && now >= exp.getTime() + leewayMillis) {
            throw new ClaimRejectedException(Rejection.EXPIRED);
        }
        if (nbf != null && now <= nbf.getTime() - leewayMillis) {
            throw new ClaimRejectedException(Rejection.NOT_YET_VALID);
        }
        if (iat != null && iat.getTime() - leewayMillis > now) {
            throw new ClaimRejectedException(Rejection.ISSUED_IN_FUTURE);
        }
        if (exp != null && iat != null) {
            if (exp.getTime() < iat.getTime()) {
                throw new ClaimRejectedException(Rejection.INVALID_CLAIM);
            }
            if (maxLifetime != null && exp.getTime() - iat.getTime() > maxLifetime.toMillis()) {
                throw new ClaimRejectedException(Rejection.LIFETIME_TOO_LONG);
            }
        }
    }
}
