package io.apisec.gateway.block;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.apisec.gateway.ratelimit.ExpiresAtValue;
import io.apisec.gateway.ratelimit.LocalRateLimiter;
import io.apisec.gateway.ratelimit.RateDecision;
import io.apisec.gateway.ratelimit.RatePolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Token guessing, stopped at the door (practice 14): each source address has a budget of token checks that find
 * no valid token (unknown, inactive, forged, expired; or no answer from the token server) per window. A check that
 * costs the token server something is charged <em>before</em> it is made and refunded when the token proves valid,
 * so many guesses sent at once cannot outrun the budget; past it, the address's requests with a token are refused
 * (429) until one more check fits, before any token is looked at. Counted with GCRA ({@link LocalRateLimiter}) in
 * bounded memory, per node. An IPv6 address counts as its /64, the block one client usually holds.
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
        this.refusedUntil = Caffeine.newBuilder().maximumSize(maxAddresses).expireAfter(new ExpiresAtValue())
                .ticker(this::nanos).executor(Runnable::run).build();
    }

    /** How long {@code address} is still refused, if it is; a request without an address is never refused. */
    public Optional<Duration> refusal(String address) {
        if (address == null) {
            return Optional.empty();
        }
        Long until = refusedUntil.getIfPresent(keyOf(address));
        long left = until == null ? 0 : until - nanos();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /**
     * Charges one check that may fail, before it is made: empty when it fits the budget (then {@link #refund} it if
     * the token proves valid), else how long the address is now refused.
     */
    public Optional<Duration> charge(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String key = keyOf(address);
        RateDecision decision = failures.decide(key, policy);
        if (decision.allowed()) {
            return Optional.empty();
        }
        refusedUntil.put(key, nanos() + decision.retryAfter().toNanos());
        return Optional.of(decision.retryAfter());
    }

    /** The token {@link #charge} was paid for proved valid: the charge is given back. */
    public void refund(String address) {
        if (address != null) {
            failures.refund(keyOf(address), policy);
        }
    }

    /** A token failed a check that was not charged beforehand (one that costs only this node's CPU). */
    public void failed(String address) {
        charge(address);
    }

    /** At reload: the new budget applies to the next check. */
    public void policy(RatePolicy next) {
        this.policy = Objects.requireNonNull(next, "next");
    }

    /** Addresses remembered now, counted or refused (for tests of the bound). */
    long trackedAddresses() {
        refusedUntil.cleanUp();
        return refusedUntil.estimatedSize() + failures.keyCount();
    }

    /** IPv4 as it is; IPv6 as its /64 (a client rotating through its own block is still one client). */
    static String keyOf(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            // A literal with a colon is parsed as IPv6, never looked up in DNS.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private long nanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
