package io.apisec.gateway.block;

import io.apisec.gateway.ratelimit.RatePolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidTokenBudgetTest {

    private Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anAddressOverItsBudgetIsRefusedUntilOneMoreFailureFits() {
        InvalidTokenBudget budget = new InvalidTokenBudget(RatePolicy.of("invalid-tokens", 3, Duration.ofMinutes(1)),
                1_000, clock);
        for (int i = 0; i < 3; i++) {
            budget.failed("192.0.2.1");
            assertThat(budget.refusal("192.0.2.1")).as("failure %d is within the budget", i + 1).isEmpty();
        }
        budget.failed("192.0.2.1");
        assertThat(budget.refusal("192.0.2.1")).hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
        assertThat(budget.refusal("192.0.2.2")).as("another address").isEmpty();
        assertThat(budget.refusal(null)).as("no address: nothing to count against").isEmpty();
        now = now.plusSeconds(20);
        assertThat(budget.refusal("192.0.2.1")).as("one failure fits again").isEmpty();
        budget.failed("192.0.2.1");
        assertThat(budget.refusal("192.0.2.1")).as("the failure that fits").isEmpty();
        budget.failed("192.0.2.1");
        assertThat(budget.refusal("192.0.2.1")).isPresent();
    }

    @Test
    void aChargeIsRefusedOnceTheBudgetIsSpentAndAValidTokensChargeComesBack() {
        InvalidTokenBudget budget = new InvalidTokenBudget(RatePolicy.of("invalid-tokens", 2, Duration.ofMinutes(1)),
                1_000, clock);
        assertThat(budget.charge("192.0.2.1")).isEmpty();
        budget.refund("192.0.2.1"); // that one was valid
        assertThat(budget.charge("192.0.2.1")).isEmpty();
        assertThat(budget.charge("192.0.2.1")).as("two checks in flight: the budget is spent").isEmpty();
        assertThat(budget.charge("192.0.2.1")).as("a third, before any answer").hasValueSatisfying(wait ->
                assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
        assertThat(budget.refusal("192.0.2.1")).isPresent();
        budget.refund("192.0.2.1");
        now = now.plusSeconds(30);
        assertThat(budget.refusal("192.0.2.1")).isEmpty();
        assertThat(budget.charge("192.0.2.1")).isEmpty();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        assertThat(InvalidTokenBudget.keyOf("2001:db8:0:0:1:2:3:4")).isEqualTo(InvalidTokenBudget.keyOf("2001:db8::ff"))
                .isEqualTo("20010db800000000::/64");
        assertThat(InvalidTokenBudget.keyOf("2001:db8:0:1::1")).isNotEqualTo(InvalidTokenBudget.keyOf("2001:db8::1"));
        assertThat(InvalidTokenBudget.keyOf("192.0.2.1")).isEqualTo("192.0.2.1");
        InvalidTokenBudget budget = new InvalidTokenBudget(RatePolicy.of("invalid-tokens", 1, Duration.ofMinutes(1)),
                1_000, clock);
        budget.failed("2001:db8::1");
        budget.failed("2001:db8::2");
        assertThat(budget.refusal("2001:db8::3")).as("another address of the same /64").isPresent();
        assertThat(budget.refusal("2001:db8:0:1::1")).as("another /64").isEmpty();
    }

    @Test
    void aNewBudgetAppliesToTheNextFailure() {
        InvalidTokenBudget budget = new InvalidTokenBudget(RatePolicy.of("invalid-tokens", 100, Duration.ofMinutes(1)),
                1_000, clock);
        budget.failed("192.0.2.1");
        budget.policy(RatePolicy.of("invalid-tokens", 1, Duration.ofMinutes(1)));
        budget.failed("192.0.2.1");
        assertThat(budget.refusal("192.0.2.1")).isPresent();
    }

    @Test
    void manyAddressesCostBoundedMemory() {
        InvalidTokenBudget budget = new InvalidTokenBudget(RatePolicy.of("invalid-tokens", 1, Duration.ofMinutes(1)),
                100, clock);
        for (int i = 0; i < 10_000; i++) {
            budget.failed("10.0." + (i / 256) + "." + (i % 256));
            budget.failed("10.0." + (i / 256) + "." + (i % 256));
        }
        assertThat(budget.trackedAddresses()).isLessThanOrEqualTo(200);
    }
}
