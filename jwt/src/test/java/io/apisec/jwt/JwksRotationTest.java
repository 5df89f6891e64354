package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.jwks.JwksStatus;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key rotation and JWKS outages, end to end through the validator (practice 11). */
class JwksRotationTest {

    private static final JWK OLD = TestKeys.rsa("2026-10");
    private static final JWK NEW = TestKeys.ec("2026-11");
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

    private ValidatorFixture fx;

    @AfterEach
    void stop() {
        fx.close();
    }

    @Test
    void newKeyPublishedInJwksIsAcceptedAfterOneRefetch() throws Exception {
        fx = new ValidatorFixture(OLD);
        fx.validator.validate(fx.token(OLD).sign());

        fx.jwks.publish(OLD, NEW);
        AccessToken token = fx.validator.validate(fx.token(NEW).sign());

        assertThat(token.keyId()).contains("2026-11");
        assertThat(fx.jwks.jwksFetches()).isEqualTo(2);
        assertThat(fx.validator.validate(fx.token(OLD).sign())).isNotNull();
        assertThat(fx.jwks.jwksFetches()).isEqualTo(2);
    }

    @Test
    void thousandConcurrentValidationsWithANewKidCauseOneFetch() throws Exception {
        fx = new ValidatorFixture(OLD);
        fx.validator.validate(fx.token(OLD).sign());
        fx.jwks.publish(OLD, NEW);
        fx.jwks.closeGate();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(fx.token(NEW).sign());
        }

        CountDownLatch started = new CountDownLatch(tokens.size());
        List<Future<AccessToken>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String token : tokens) {
                results.add(threads.submit(() -> {
                    started.countDown();
                    return fx.validator.validate(token);
                }));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            awaitFetches(2);
            fx.jwks.openGate();
            for (Future<AccessToken> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).keyId()).contains("2026-11");
            }
        }

        assertThat(fx.jwks.jwksFetches()).isEqualTo(2);
    }

    @Test
    void keyRemovedFromJwksStopsValidatingOnceTheCachedSetExpires() throws Exception {
        fx = new ValidatorFixture(OLD, NEW);
        String signedByOld = fx.token(OLD).expiresAt(fx.clock.instant().plus(Duration.ofHours(1))).sign();
        fx.validator.validate(signedByOld);

        fx.jwks.publish(NEW);
        fx.clock.advance(CACHE_TTL.plusSeconds(1));

        assertThatThrownBy(() -> fx.validator.validate(signedByOld))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
    }

    @Test
    void keyRemovedFromJwksStopsValidatingCachedTokensToo() throws Exception {
        fx = new ValidatorFixture(UnaryOperator.identity(), b -> b.cacheValidations(1000), OLD, NEW);
        String signedByOld = fx.token(OLD).expiresAt(fx.clock.instant().plus(Duration.ofHours(1))).sign();
        String signedByNew = fx.token(NEW).expiresAt(fx.clock.instant().plus(Duration.ofHours(1))).sign();
        fx.validator.validate(signedByOld);
        fx.validator.validate(signedByNew);
        assertThat(fx.validator.cachedEntries()).isEqualTo(2);

        fx.jwks.publish(NEW);
        fx.clock.advance(CACHE_TTL.plusSeconds(1));

        assertThatThrownBy(() -> fx.validator.validate(signedByOld))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
        assertThat(fx.validator.validate(signedByNew).keyId()).contains("2026-11");
        assertThat(fx.validator.cachedEntries()).as("the removed key's entry is dropped").isEqualTo(1);
    }

    @Test
    void keyReplacedUnderTheSameKidStopsValidatingCachedTokens() throws Exception {
        JWK original = TestKeys.rsa("stable-kid");
        JWK replacement = TestKeys.rsa("stable-kid");
        fx = new ValidatorFixture(UnaryOperator.identity(), b -> b.cacheValidations(1000), original);
        String signedByOriginal = fx.token(original).expiresAt(fx.clock.instant().plus(Duration.ofHours(1))).sign();
        fx.validator.validate(signedByOriginal);

        fx.jwks.publish(replacement);
        fx.clock.advance(CACHE_TTL.plusSeconds(1));

        assertThatThrownBy(() -> fx.validator.validate(signedByOriginal))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.BAD_SIGNATURE));
        assertThat(fx.validator.validate(fx.token(replacement).sign())).isNotNull();
    }

    @Test
    void whileJwksIsDownKnownKeysWorkUpToTheOutageBound() throws Exception {
        fx = new ValidatorFixture(OLD);
        String token = fx.token(OLD).expiresAt(fx.clock.instant().plus(Duration.ofHours(3))).sign();
        fx.validator.validate(token);

        fx.jwks.mode(JwksServer.Mode.DOWN);
        fx.clock.advance(CACHE_TTL.plusSeconds(1));
        assertThat(fx.validator.validate(token)).isNotNull();
        assertThat(fx.keys.status().health()).isEqualTo(JwksStatus.Health.DEGRADED);

        fx.clock.advance(OUTAGE_TOLERANCE.minus(CACHE_TTL).minusSeconds(2));
        assertThat(fx.validator.validate(token)).isNotNull();

        fx.clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> fx.validator.validate(token)).isInstanceOf(KeySourceUnavailableException.class);
        assertThat(fx.keys.status().health()).isEqualTo(JwksStatus.Health.DOWN);
    }

    @Test
    void whileJwksIsDownCachedValidationsFailClosedPastTheOutageBound() throws Exception {
        fx = new ValidatorFixture(UnaryOperator.identity(), b -> b.cacheValidations(100), OLD);
        String token = fx.token(OLD).expiresAt(fx.clock.instant().plus(Duration.ofHours(3))).sign();
        fx.validator.validate(token);

        fx.jwks.mode(JwksServer.Mode.DOWN);
        fx.clock.advance(OUTAGE_TOLERANCE.plusSeconds(1));

        assertThatThrownBy(() -> fx.validator.validate(token)).isInstanceOf(KeySourceUnavailableException.class);
    }

    @Test
    void whileJwksIsDownAnUnknownKidIsAKeySourceFailure() throws Exception {
        fx = new ValidatorFixture(OLD);
        fx.validator.validate(fx.token(OLD).sign());

        fx.jwks.mode(JwksServer.Mode.DOWN);
        String unknown = fx.token(NEW).sign();

        assertThatThrownBy(() -> fx.validator.validate(unknown)).isInstanceOf(KeySourceUnavailableException.class);
        assertThatThrownBy(() -> fx.validator.validate(unknown))
                .as("inside the refetch interval too").isInstanceOf(KeySourceUnavailableException.class);
        assertThat(fx.validator.validate(fx.token(OLD).sign())).isNotNull();
    }

    @Test
    void whenJwksWasNeverReachableValidationIsAKeySourceFailure() {
        fx = new ValidatorFixture(OLD);
        fx.jwks.mode(JwksServer.Mode.DOWN);

        assertThatThrownBy(() -> fx.validator.validate(fx.token(OLD).sign()))
                .isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining(fx.jwks.jwksUri().toString());
    }

    @Test
    void unknownKidRefetchesAgainOnlyAfterTheInterval() throws Exception {
        fx = new ValidatorFixture(OLD);
        fx.validator.validate(fx.token(OLD).sign());
        String unknown = fx.token(NEW).sign();

        assertRejectedUnknownKey(unknown);
        assertRejectedUnknownKey(unknown);
        assertThat(fx.jwks.jwksFetches()).isEqualTo(2);

        fx.clock.advance(Duration.ofSeconds(30));
        fx.jwks.publish(OLD, NEW);
        assertThat(fx.validator.validate(unknown).keyId()).contains("2026-11");
        assertThat(fx.jwks.jwksFetches()).isEqualTo(3);
    }

    @Test
    void keySetIsRefreshedAheadOfExpiryInTheBackground() throws Exception {
        fx = new ValidatorFixture(OLD);
        fx.validator.validate(fx.token(OLD).sign());

        fx.clock.advance(CACHE_TTL.minusSeconds(10));
        fx.jwks.closeGate();
        assertThat(fx.validator.validate(fx.token(OLD).sign()))
                .as("served from the cache while the refresh waits at the gate").isNotNull();

        awaitFetches(2);
        fx.jwks.openGate();
    }

    private void assertRejectedUnknownKey(String token) {
        assertThatThrownBy(() -> fx.validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Rejection.UNKNOWN_KEY));
    }

    private void awaitFetches(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fx.jwks.jwksFetches() < count) {
            assertThat(System.nanoTime()).as("waiting for JWKS fetch %d", count).isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
