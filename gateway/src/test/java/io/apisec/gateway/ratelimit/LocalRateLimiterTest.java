package io.apisec.gateway.ratelimit;

import io.apisec.jwt.testing.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalRateLimiterTest {

    private final TestClock clock = TestClock.atNow();
    private final LocalRateLimiter limiter = new LocalRateLimiter(10_000, clock);
    private final RatePolicy fivePerTenSeconds = RatePolicy.of("client", 5, Duration.ofSeconds(10));

    @Test
    void theWholeBurstPassesThenTheNextWaitsOneInterval() {
        for (int remaining = 4; remaining >= 0; remaining--) {
            RateDecision decision = limiter.decide("partner", fivePerTenSeconds);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(remaining);
        }
        RateDecision refused = limiter.decide("partner", fivePerTenSeconds);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofMillis(1999));
        assertThat(limiter.decide("partner", fivePerTenSeconds).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.decide("partner", fivePerTenSeconds).allowed()).as("one interval later").isTrue();
        assertThat(limiter.decide("partner", fivePerTenSeconds).allowed()).isFalse();
    }

    @Test
    void aSmallerBurstSpreadsTheLimitOverTheWindow() {
        RatePolicy policy = new RatePolicy("smooth", 10, Duration.ofSeconds(10), 2);
        assertThat(limiter.decide("k", policy).allowed()).isTrue();
        assertThat(limiter.decide("k", policy).allowed()).isTrue();
        RateDecision third = limiter.decide("k", policy);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void keysAndPoliciesHaveBucketsOfTheirOwn() {
        for (int i = 0; i < 5; i++) {
            limiter.decide("a", fivePerTenSeconds);
        }
        assertThat(limiter.decide("a", fivePerTenSeconds).allowed()).isFalse();
        assertThat(limiter.decide("b", fivePerTenSeconds).allowed()).isTrue();
        assertThat(limiter.decide("a", RatePolicy.of("owner", 5, Duration.ofSeconds(10))).allowed()).isTrue();
    }

    @Test
    void concurrentRequestsNeverGetMoreThanTheLimit() throws Exception {
        RatePolicy hundredPerHour = RatePolicy.of("hourly", 100, Duration.ofHours(1));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 1_000; i++) {
                        allowed += limiter.decide("shared", hundredPerHour).allowed() ? 1 : 0;
                    }
                    return allowed;
                });
            }
            int total = 0;
            for (Future<Integer> done : pool.invokeAll(tasks)) {
                total += done.get();
            }
            assertThat(total).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLongWindowIsNotCutShortByForgettingTheKey() {
        RatePolicy twoPerDay = RatePolicy.of("daily", 2, Duration.ofDays(1));
        limiter.decide("k", twoPerDay);
        limiter.decide("k", twoPerDay);
        clock.advance(Duration.ofHours(2));
        assertThat(limiter.decide("k", twoPerDay).allowed()).as("half a day per request: not yet").isFalse();
        clock.advance(Duration.ofHours(10));
        assertThat(limiter.decide("k", twoPerDay).allowed()).isTrue();
    }

    @Test
    void aFloodOfNewKeysCostsBoundedMemory() {
        LocalRateLimiter small = new LocalRateLimiter(100, clock);
        for (int i = 0; i < 10_000; i++) {
            small.decide("address-" + i, fivePerTenSeconds);
        }
        assertThat(small.keyCount()).isLessThanOrEqualTo(100);
    }

    @Test
    void headersFollowTheRateLimitFieldsDraft() {
        RateDecision first = limiter.decide("h", fivePerTenSeconds);
        assertThat(fivePerTenSeconds.policyHeader()).isEqualTo("\"client\";q=5;w=10");
        assertThat(first.rateLimitHeader()).isEqualTo("\"client\";r=4;t=2");
        for (int i = 0; i < 4; i++) {
            limiter.decide("h", fivePerTenSeconds);
        }
        RateDecision refused = limiter.decide("h", fivePerTenSeconds);
        assertThat(refused.rateLimitHeader()).isEqualTo("\"client\";r=0;t=10");
        assertThat(refused.retryAfterHeader()).isEqualTo("2");
    }

    @Test
    void aPolicyOutsideItsBoundsIsRefused() {
        assertThatThrownBy(() -> new RatePolicy("x", 0, Duration.ofSeconds(1), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePolicy("x", 5, Duration.ofSeconds(1), 6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePolicy("x", 5, Duration.ZERO, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RatePolicy.of("Bad Name", 5, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
