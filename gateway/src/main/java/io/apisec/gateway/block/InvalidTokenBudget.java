package io.apisec.gateway.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.apisec.gateway.ratelimit.ExpiresAtValue;
import io.apisec.gateway.ratelimit.LocalRateLimiter;
import io.apisec.gateway.ratelimit.RateDecision;
import io.apisec.gateway.ratelimit.RatePolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Token guessing, stopped at the door (practice 14): each source address may present so many tokens that fail
 * verification (inactive, unknown, forged, expired) per window; past that, its requests with a token are refused
 * (429) until the window allows one more failure, before any token is checked, so a flood of made-up tokens costs
 * neither introspections at the token server nor signature checks. Failures are counted with GCRA per address
 * ({@link LocalRateLimiter}), in bounded memory; addresses are this node's own count when several nodes run.
 */
public final class InvalidTokenBudget {

    /** The default budget: 100 failed tokens a minute per address, far above any honest client's. */
    public static final RatePolicy DEFAULT = RatePolicy.of("invalid-tokens", 100, Duration.ofMinutes(1));

    private final LocalRateLimiter failures;
    private final Cache<String, Long> refusedUntil;
    private final Clock clock;
    private volatile RatePolicy policy;

    /** @param maxAddresses the most addresses remembered at once, counted and refused alike */
    public InvalidTokenBudget(RatePolicy policy, long maxAddresses, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = new LocalRateLimiter(maxAddresses, clock);
        this.refusedUntil = Caffeine.newBuilder().maximumSize(maxAddresses)
                .expireAfter(new ExpiresAtValue())
                .ticker(this::nanos).executor(Runnable::run).build();
    }

    /** How long {@code address} is still refused, if it is; a request without an address is never refused. */
    public Optional<Duration> refusal(String address) {
        if (address == null) {
            return Optional.empty();
        }
        Long until = refusedUntil.getIfPresent(address);
        long left = until == null ? 0 : until - nanos();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** A token from {@code address} failed verification: counted, and the address refused once over budget. */
    public void failed(String address) {
        if (address == null) {
            return;
        }
        RateDecision decision = failures.decide(address, policy);
        if (!decision.allowed()) {
            refusedUntil.put(address, nanos() + decision.retryAfter().toNanos());
        }
    }

    /** At reload: the new budget applies to the next failure. */
    public void policy(RatePolicy next) {
        this.policy = Objects.requireNonNull(next, "next");
    }

    /** Addresses remembered now, counted or refused (for tests of the bound). */
    long trackedAddresses() {
        refusedUntil.cleanUp();
        return refusedUntil.estimatedSize() + failures.keyCount();
    }

    private long nanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
