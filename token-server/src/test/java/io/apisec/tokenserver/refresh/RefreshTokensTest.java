package io.apisec.tokenserver.refresh;

import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.revocation.NotifyingTokenRepository;
import io.apisec.tokenserver.revocation.RevocationNotice;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.testing.TestServers;
import io.apisec.tokenserver.token.JdbcTokenRepository;
import io.apisec.tokenserver.token.TokenHash;
import io.apisec.tokenserver.token.TokenRecord;
import io.apisec.tokenserver.token.TokenRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rotation, reuse detection and family revocation of refresh tokens, on a real (H2) database. */
class RefreshTokensTest {

    private final TestClock clock = TestClock.atNow();
    private Database database;
    private JdbcRefreshTokenRepository repository;
    private JdbcTokenRepository accessTokens;
    private RefreshTokens refreshTokens;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.memoryDatabase("refresh"), "sa", "", 8);
        repository = new JdbcRefreshTokenRepository(database.dataSource());
        accessTokens = new JdbcTokenRepository(database.dataSource());
        refreshTokens = new RefreshTokens(repository, accessTokens, Duration.ofDays(30), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private IssuedRefreshToken first(String family) {
        return refreshTokens.issue(new RefreshTokenRequest(family, "mobile", "mobile", Set.of("orders:read", "orders:write"),
                List.of("orders-api"), Optional.empty()));
    }

    private TokenRecord accessTokenOf(String family) {
        String value = UUID.randomUUID().toString();
        TokenRecord record = new TokenRecord(TokenHash.of(value), UUID.randomUUID().toString(), TokenFormat.OPAQUE,
                "mobile", "mobile", Set.of("orders:read"), List.of("orders-api"), Map.of(), clock.instant(),
                clock.instant().plus(Duration.ofMinutes(5)), Optional.empty(), Optional.of(family));
        accessTokens.insert(record);
        return record;
    }

    private static RefreshTokens.Precondition<RuntimeException> anything() {
        return token -> { };
    }

    @Test
    void aRefreshTokenIs256RandomBitsStoredOnlyAsItsHash() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());

        assertThat(issued.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(issued.record().tokenHash()).isEqualTo(TokenHash.of(issued.value()));
        assertThat(issued.record().expiresAt()).isEqualTo(issued.record().issuedAt().plus(Duration.ofDays(30)));
        assertThat(issued.toString()).doesNotContain(issued.value());
    }

    @Test
    void aTokenIsRedeemedOnceAndItsSuccessorKeepsTheFamilysExpiry() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());
        clock.advance(Duration.ofDays(1));

        Redemption redemption = refreshTokens.redeem(issued.value(), "mobile", anything());

        assertThat(redemption).isInstanceOf(Redemption.Accepted.class);
        IssuedRefreshToken next = refreshTokens.issue(RefreshTokenRequest.rotationOf(((Redemption.Accepted) redemption).token()));
        assertThat(next.record().familyId()).isEqualTo(issued.record().familyId());
        assertThat(next.record().expiresAt()).as("rotation never extends the grant").isEqualTo(issued.record().expiresAt());
        assertThat(next.record().scopes()).isEqualTo(issued.record().scopes());
        assertThat(refreshTokens.redeem(next.value(), "mobile", anything())).isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void reusingARotatedTokenRevokesTheWholeFamilyAndItsAccessTokens() {
        String family = RefreshTokens.newFamilyId();
        IssuedRefreshToken stolen = first(family);
        TokenRecord firstAccess = accessTokenOf(family);
        refreshTokens.redeem(stolen.value(), "mobile", anything());
        IssuedRefreshToken legitimateNext = refreshTokens.issue(RefreshTokenRequest.rotationOf(
                repository.findByHash(stolen.record().tokenHash()).orElseThrow()));
        TokenRecord secondAccess = accessTokenOf(family);
        TokenRecord otherFamilysAccess = accessTokenOf(RefreshTokens.newFamilyId());

        Redemption reuse = refreshTokens.redeem(stolen.value(), "mobile", anything());

        assertThat(reuse).isInstanceOfSatisfying(Redemption.ReuseDetected.class, r -> {
            assertThat(r.refreshTokensRevoked()).isEqualTo(2);
            assertThat(r.accessTokensRevoked()).isEqualTo(2);
        });
        assertThat(refreshTokens.redeem(legitimateNext.value(), "mobile", anything()))
                .as("the successor is revoked too: whoever holds it must authenticate again")
                .isInstanceOf(Redemption.Refused.class);
        assertThat(accessTokens.findByHash(firstAccess.tokenHash()).orElseThrow().revokedAt()).isPresent();
        assertThat(accessTokens.findByHash(secondAccess.tokenHash()).orElseThrow().revokedAt()).isPresent();
        assertThat(accessTokens.findByHash(otherFamilysAccess.tokenHash()).orElseThrow().revokedAt()).isEmpty();
    }

    @Test
    void anotherClientsUnknownExpiredOrRevokedTokenIsRefusedAndChangesNothing() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());

        assertThat(refreshTokens.redeem(issued.value(), "other-client", anything())).isInstanceOf(Redemption.Refused.class);
        assertThat(refreshTokens.redeem("made-up", "mobile", anything())).isInstanceOf(Redemption.Refused.class);
        assertThat(repository.findByHash(issued.record().tokenHash()).orElseThrow().usedAt())
                .as("another client presenting it does not spend it").isEmpty();

        clock.advance(Duration.ofDays(30));
        assertThat(refreshTokens.redeem(issued.value(), "mobile", anything())).isInstanceOf(Redemption.Refused.class);

        IssuedRefreshToken revoked = first(RefreshTokens.newFamilyId());
        assertThat(refreshTokens.revoke(revoked.value(), "other-client")).isFalse();
        assertThat(refreshTokens.redeem(revoked.value(), "mobile", anything()))
                .as("another client cannot revoke it either").isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void aRefusedPreconditionLeavesTheTokenUnspent() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());

        assertThatThrownBy(() -> refreshTokens.redeem(issued.value(), "mobile", token -> {
            throw new IllegalArgumentException("scope widened");
        })).hasMessage("scope widened");

        assertThat(refreshTokens.redeem(issued.value(), "mobile", anything())).isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void revokingARefreshTokenRevokesItsFamilyAndTheAccessTokensFromIt() {
        String family = RefreshTokens.newFamilyId();
        IssuedRefreshToken issued = first(family);
        TokenRecord access = accessTokenOf(family);

        assertThat(refreshTokens.revoke(issued.value(), "mobile")).isTrue();

        assertThat(refreshTokens.redeem(issued.value(), "mobile", anything())).isInstanceOf(Redemption.Refused.class);
        assertThat(accessTokens.findByHash(access.tokenHash()).orElseThrow().revokedAt()).isPresent();
    }

    @Test
    void ofEightConcurrentRedemptionsAtMostOneWinsAndTheFamilyIsRevoked() throws Exception {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Redemption>> attempts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                attempts.add(() -> refreshTokens.redeem(issued.value(), "mobile", anything()));
            }
            List<Redemption> outcomes = new ArrayList<>();
            for (Future<Redemption> outcome : pool.invokeAll(attempts)) {
                outcomes.add(outcome.get());
            }

            // At most one wins the race to spend it; when the family is revoked before the winner checks it,
            // nobody does: every copy used at the same moment is refused.
            assertThat(outcomes).filteredOn(Redemption.Accepted.class::isInstance).hasSizeLessThanOrEqualTo(1);
            assertThat(outcomes).filteredOn(Redemption.ReuseDetected.class::isInstance)
                    .as("the first copy after the winner raises the incident; once revoked, later ones are refused")
                    .isNotEmpty();
            assertThat(outcomes).filteredOn(o -> o instanceof Redemption.ReuseDetected || o instanceof Redemption.Refused)
                    .hasSizeGreaterThanOrEqualTo(7);
            outcomes.stream().filter(Redemption.Accepted.class::isInstance).map(Redemption.Accepted.class::cast)
                    .forEach(winner -> {
                        refreshTokens.issue(RefreshTokenRequest.rotationOf(winner.token()));
                        assertThat(refreshTokens.familyStillValid(winner.token()))
                                .as("the winner's successor dies with the family").isFalse();
                    });
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyRevocationIsAnnouncedForTheGatewaysCaches() {
        List<RevocationNotice> notices = new ArrayList<>();
        TokenRepository announcing = new NotifyingTokenRepository(accessTokens, notices::add);
        RefreshTokens announcingRefresh = new RefreshTokens(repository, announcing, Duration.ofDays(30), clock,
                notices::add);
        String family = RefreshTokens.newFamilyId();
        IssuedRefreshToken issued = announcingRefresh.issue(new RefreshTokenRequest(family, "mobile", "user-7",
                Set.of("orders:read"), List.of("orders-api"), Optional.empty()));
        TokenRecord single = accessTokenOf(RefreshTokens.newFamilyId());

        assertThat(announcing.revoke(single.tokenHash(), "mobile", clock.instant())).isTrue();
        assertThat(announcing.revoke(single.tokenHash(), "other", clock.instant())).as("not its token").isFalse();
        assertThat(announcingRefresh.revoke(issued.value(), "mobile")).isTrue();
        announcing.revokeAllOf("mobile", clock.instant());

        assertThat(notices).containsExactly(new RevocationNotice.Token(single.tokenHash()),
                new RevocationNotice.Subject("user-7", clock.instant()), new RevocationNotice.Client("mobile",
                        clock.instant()));
        assertThat(notices.get(0).toJson().encode())
                .isEqualTo("{\"type\":\"token\",\"token_hash\":\"" + single.tokenHash() + "\"}");
    }

    @Test
    void aTokenIssuedWhileItsFamilyIsRevokedIsRevokedToo() {
        String family = RefreshTokens.newFamilyId();
        IssuedRefreshToken presented = first(family);
        Redemption.Accepted accepted = (Redemption.Accepted) refreshTokens.redeem(presented.value(), "mobile", anything());
        // Between the redemption and the issuing, the client logs out (RFC 7009) with its token on another device.
        refreshTokens.revoke(presented.value(), "mobile");
        IssuedRefreshToken issuedMeanwhile = refreshTokens.issue(RefreshTokenRequest.rotationOf(accepted.token()));

        assertThat(refreshTokens.familyStillValid(accepted.token())).isFalse();
        assertThat(repository.findByHash(issuedMeanwhile.record().tokenHash()).orElseThrow().revokedAt()).isPresent();
    }

    @Test
    void aTokenRevokedBetweenReadingAndSpendingIsRefusedNotTakenForAReuse() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());

        Redemption outcome = refreshTokens.redeem(issued.value(), "mobile",
                token -> refreshTokens.revoke(issued.value(), "mobile"));

        assertThat(outcome).isInstanceOf(Redemption.Refused.class);
    }

    @Test
    void aRotationThatFailedOnOurSidePutsTheTokenBackForTheRetry() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());
        Redemption.Accepted spent = (Redemption.Accepted) refreshTokens.redeem(issued.value(), "mobile", anything());

        refreshTokens.release(spent.token());

        assertThat(refreshTokens.redeem(issued.value(), "mobile", anything()))
                .as("the retry redeems it; no reuse incident").isInstanceOf(Redemption.Accepted.class);
    }

    @Test
    void recordsNameTokensOnlyByTheirHashPrefix() {
        IssuedRefreshToken issued = first(RefreshTokens.newFamilyId());

        assertThat(issued.record().toString()).doesNotContain(issued.record().tokenHash())
                .contains(TokenHash.logPrefix(issued.record().tokenHash()));
    }

    @Test
    void purgeDeletesOnlyExpiredTokens() {
        IssuedRefreshToken old = first(RefreshTokens.newFamilyId());
        clock.advance(Duration.ofDays(31));
        IssuedRefreshToken fresh = first(RefreshTokens.newFamilyId());

        assertThat(refreshTokens.purgeExpired(clock.instant())).isEqualTo(1);
        assertThat(repository.findByHash(old.record().tokenHash())).isEmpty();
        assertThat(repository.findByHash(fresh.record().tokenHash())).isPresent();
    }
}
