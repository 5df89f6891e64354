package io.apisec.tokenserver.refresh;

import io.apisec.tokenserver.oauth.RandomTokens;
import io.apisec.tokenserver.revocation.RevocationNotice;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Refresh tokens with rotation: 256 random bits, only the SHA-256 stored; each one can be redeemed once.
 * Redeeming a used one again means it was copied, so the family is revoked with every access token issued
 * from it (OAuth 2.0 Security BCP, section 4.14). No HTTP here. Blocking (database): call from a worker.
 */
public final class RefreshTokens {

    private final RefreshTokenRepository refreshTokens;
    private final TokenRepository accessTokens;
    private final Duration maxLifetime;
    private final Clock clock;
    private final Consumer<RevocationNotice> notices;

    public RefreshTokens(RefreshTokenRepository refreshTokens, TokenRepository accessTokens, Duration maxLifetime,
                         Clock clock) {
        this(refreshTokens, accessTokens, maxLifetime, clock, notice -> { });
    }

    /** @param notices told of the subject whose family was revoked, for the gateways' caches */
    public RefreshTokens(RefreshTokenRepository refreshTokens, TokenRepository accessTokens, Duration maxLifetime,
                         Clock clock, Consumer<RevocationNotice> notices) {
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
        this.notices = notices;
    }

    /** A fresh family id, for a first grant. */
    public static String newFamilyId() {
        return RandomTokens.of(16);
    }

    public IssuedRefreshToken issue(RefreshTokenRequest request) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = request.familyExpiresAt().orElse(now.plus(maxLifetime));
        if (request.familyExpiresAt().isEmpty()) {
            refreshTokens.insertFamily(request.familyId(), request.clientId(), expiresAt);
        }
        String value = RandomTokens.of(32);
        RefreshTokenRecord record = new RefreshTokenRecord(TokenHash.of(value), request.familyId(), request.clientId(),
                request.subject(), request.scopes(), request.audiences(), now, expiresAt, Optional.empty(),
                Optional.empty());
        refreshTokens.insert(record);
        return new IssuedRefreshToken(value, record);
    }

    /** A check of the request against the token, made before the token is spent: a refusal changes nothing. */
    @FunctionalInterface
    public interface Precondition<E extends Exception> {
        void check(RefreshTokenRecord token) throws E;
    }

    /**
     * Redeems {@code presented} for {@code clientId}: at most once, ever. {@code precondition} runs on a
     * token that is otherwise redeemable; if it throws, the token stays unused.
     */
    public <E extends Exception> Redemption redeem(String presented, String clientId, Precondition<E> precondition)
            throws E {
        Instant now = clock.instant();
        String hash = TokenHash.of(presented);
        Optional<RefreshTokenRecord> found = refreshTokens.findByHash(hash);
        if (found.isEmpty()) {
            return new Redemption.Refused();
        }
        RefreshTokenRecord token = found.get();
        // Bound to its client (RFC 6749 section 10.4): another client's token changes nothing.
        if (!token.clientId().equals(clientId) || token.revokedAt().isPresent() || token.isExpiredAt(now)) {
            return new Redemption.Refused();
        }
        if (token.usedAt().isPresent()) {
            return revokeForReuse(token, now);
        }
        precondition.check(token);
        if (!refreshTokens.markUsed(hash, now)) {
            // Used or revoked since we read it: only a use by someone else is a reuse.
            boolean usedMeanwhile = refreshTokens.findByHash(hash).flatMap(RefreshTokenRecord::usedAt).isPresent();
            return usedMeanwhile ? revokeForReuse(token, now) : new Redemption.Refused();
        }
        if (refreshTokens.isFamilyRevoked(token.familyId())) {
            return new Redemption.Refused();
        }
        return new Redemption.Accepted(token.markedUsedAt(now));
    }

    /**
     * Called after issuing from {@code used}: whether its family is still alive. A reuse racing this rotation
     * may have revoked the family between the redemption and the issuing; then what was just issued is
     * revoked too, and the caller must refuse.
     */
    public boolean familyStillValid(RefreshTokenRecord used) {
        boolean revoked = refreshTokens.isFamilyRevoked(used.familyId());
        if (revoked) {
            revokeFamily(used, clock.instant());
        }
        return !revoked;
    }

    /**
     * Puts back {@code used} after a rotation failed on our side (database, signing) before the client got its
     * new tokens: its retry then redeems the token again instead of being taken for a reuse.
     */
    public void release(RefreshTokenRecord used) {
        used.usedAt().ifPresent(markedAt -> refreshTokens.unmarkUsed(used.tokenHash(), markedAt));
    }

    /**
     * Revokes the family of {@code presented} if it is {@code clientId}'s refresh token (RFC 7009: revoking a
     * refresh token revokes the access tokens issued from its grant).
     *
     * @return whether a refresh token of that client was found
     */
    public boolean revoke(String presented, String clientId) {
        Optional<RefreshTokenRecord> found = refreshTokens.findByHash(TokenHash.of(presented))
                .filter(token -> token.clientId().equals(clientId));
        found.ifPresent(token -> revokeFamily(token, clock.instant()));
        return found.isPresent();
    }

    /** Revokes every refresh token of {@code clientId} (the client was disabled); returns how many. */
    public int revokeAllOf(String clientId) {
        return refreshTokens.revokeAllOf(clientId, clock.instant());
    }

    /** Deletes refresh tokens that expired before {@code before}; returns how many. */
    public int purgeExpired(Instant before) {
        return refreshTokens.purgeExpired(before);
    }

    private Redemption.ReuseDetected revokeForReuse(RefreshTokenRecord token, Instant now) {
        int[] revoked = revokeFamily(token, now);
        return new Redemption.ReuseDetected(token, revoked[0], revoked[1]);
    }

    private int[] revokeFamily(RefreshTokenRecord member, Instant now) {
        String familyId = member.familyId();
        // Refresh tokens first: once they are revoked no new access token can come from the family.
        int refresh = refreshTokens.revokeFamily(familyId, now);
        int access = accessTokens.revokeFamily(familyId, now);
        // Gateways do not know families: they forget every token of the family's subject.
        notices.accept(new RevocationNotice.Subject(member.subject(), now));
        return new int[] {refresh, access};
    }

}
