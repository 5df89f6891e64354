package io.apisec.tokenserver.metrics;

import io.apisec.tokenserver.keys.KeyManager;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signing-key gauges: age of the current key, seconds until the next one signs (NaN when none waits:
 * alert when the age nears the rotation period with no next key), and how many keys the JWKS holds.
 */
public final class KeyMetrics implements MeterBinder {

    /** What the gauges read, at scrape time on the event loop: never blocks, never throws. */
    public interface Source {

        /** Keys in the JWKS (next, current, retired); 0 before the keys are loaded. */
        int publishedKeys();

        /** When the key that signs now started signing; empty when unknown. */
        Optional<Instant> currentActivatedAt();

        /** When the next key starts signing; empty when none waits. */
        Optional<Instant> nextActivatesAt();
    }

    private final Source source;
    private final Clock clock;

    public KeyMetrics(Source source, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The published count from {@code keys}; the two times report NaN. */
    public static KeyMetrics of(KeyManager keys, Clock clock) {
        return of(keys, () -> null, Optional::empty, clock);
    }

    /** With the key times, e.g. {@code of(keys, keys::currentActivatedAt, keys::nextActivatesAt, clock)}. */
    public static KeyMetrics of(KeyManager keys, Supplier<Instant> currentActivatedAt,
                                Supplier<Optional<Instant>> nextActivatesAt, Clock clock) {
        Objects.requireNonNull(keys, "keys");
        return new KeyMetrics(new Source() {
            @Override
            public int publishedKeys() {
                return keys.isReady() ? keys.publicKeys().getKeys().size() : 0;
            }

            @Override
            public Optional<Instant> currentActivatedAt() {
                return keys.isReady() ? Optional.ofNullable(currentActivatedAt.get()) : Optional.empty();
            }

            @Override
            public Optional<Instant> nextActivatesAt() {
                return keys.isReady() ? nextActivatesAt.get() : Optional.empty();
            }
        }, clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("apisec.signing.key.age", () -> seconds(source.currentActivatedAt(), true))
                .description("Seconds since the current signing key started signing").baseUnit("seconds")
                .register(registry);
        Gauge.builder("apisec.signing.key.next.activation", () -> seconds(source.nextActivatesAt(), false))
                .description("Seconds until the next signing key starts signing; NaN when none is published")
                .baseUnit("seconds").register(registry);
        Gauge.builder("apisec.signing.keys.published", source::publishedKeys)
                .description("Keys published in the JWKS").register(registry);
    }

    private double seconds(Optional<Instant> at, boolean since) {
        if (at.isEmpty()) {
            return Double.NaN;
        }
        Instant now = clock.instant();
        Duration d = since ? Duration.between(at.get(), now) : Duration.between(now, at.get());
        return Math.max(0, d.toMillis() / 1000.0);
    }
}
