package io.apisec.tokenserver.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slows down guessing of client secrets, with growing delays that cannot lock the real client out:
 * <ul>
 *   <li>failures are counted per (client id, source address), and per source address for client ids
 *       that are not registered (probing);</li>
 *   <li>the first {@value #FREE_FAILURES} failures of a key cost nothing; each further one doubles the
 *       wait before the next attempt from that key is even checked: 1 s, 2 s, 4 s ... capped at
 *       {@link #MAX_DELAY 60 s};</li>
 *   <li>a key's count is forgotten {@link #FORGET_AFTER 15 minutes} after its last failure, and a success
 *       clears its (client, address) count.</li>
 * </ul>
 * Because the client's own count is kept per source address, an attacker guessing from elsewhere never
 * delays the real client; and a delay is never longer than a minute, so nothing locks anyone out for
 * good. With 256-bit secrets guessing cannot succeed anyway: this keeps the attempts cheap for us.
 */
public final class AuthenticationThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration MAX_DELAY = Duration.ofSeconds(60);
    static final Duration FORGET_AFTER = Duration.ofMinutes(15);

    private final Clock clock;
    private final Cache<String, Failures> failures;

    private record Failures(int count, long lastFailureMillis) {
        long nextAllowedMillis() {
            if (count < FREE_FAILURES) {
                return lastFailureMillis;
            }
            long delay = Math.min(MAX_DELAY.toMillis(), 1000L << Math.min(count - FREE_FAILURES, 16));
            return lastFailureMillis + delay;
        }
    }

    public AuthenticationThrottle(Clock clock) {
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(FORGET_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run).build();
    }

    /** How long {@code clientId} from {@code address} must still wait, if it must. */
    public Optional<Duration> waitBefore(String clientId, String address) {
        long now = clock.millis();
        long until = Math.max(nextAllowed(pairKey(clientId, address)), nextAllowed(addressKey(address)));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /**
     * @param knownClient whether {@code clientId} is registered: failures against unknown ids also count
     *                    against the address (probing for ids); failures of a known client count only for
     *                    that client from that address, so no one can slow down other clients behind a
     *                    shared address (a NAT, an ingress)
     */
    public void failed(String clientId, String address, boolean knownClient) {
        long now = clock.millis();
        bump(pairKey(clientId, address), now);
        if (!knownClient) {
            bump(addressKey(address), now);
        }
    }

    private void bump(String key, long now) {
        failures.asMap().merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    public void succeeded(String clientId, String address) {
        failures.invalidate(pairKey(clientId, address));
    }

    private long nextAllowed(String key) {
        Failures f = failures.getIfPresent(key);
        return f == null ? Long.MIN_VALUE : f.nextAllowedMillis();
    }

    private static String pairKey(String clientId, String address) {
        // The client id is the caller's text: keep keys small whatever it sends.
        String id = clientId.length() <= 128 ? clientId : "#" + clientId.hashCode() + ":" + clientId.length();
        return "c:" + address + "|" + id;
    }

    private static String addressKey(String address) {
        return "a:" + address;
    }
}
