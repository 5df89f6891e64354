package io.apisec.tokenserver.metrics;

import io.apisec.tokenserver.keys.JdbcSigningKeyRepository;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.MasterKey;
import io.apisec.tokenserver.keys.RotationPolicy;
import io.apisec.tokenserver.keys.SigningAlgorithm;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.testing.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KeyMetricsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private record FixedStatus(int publishedKeys, Optional<Instant> currentActivatedAt, Optional<Instant> nextActivatesAt)
            implements KeyMetrics.Source {
    }

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void currentAndNextKeyWhenReadThenSecondsFromTheClock() {
        new KeyMetrics(new FixedStatus(3, Optional.of(NOW.minus(Duration.ofDays(2))),
                Optional.of(NOW.plus(Duration.ofMinutes(10)))), CLOCK).bindTo(registry);

        assertThat(gauge("apisec.signing.key.age")).isEqualTo(2 * 86_400);
        assertThat(gauge("apisec.signing.key.next.activation")).isEqualTo(600);
        assertThat(gauge("apisec.signing.keys.published")).isEqualTo(3);
    }

    @Test
    void noNextKeyWhenReadThenNaN() {
        new KeyMetrics(new FixedStatus(1, Optional.of(NOW.minusSeconds(5)), Optional.empty()), CLOCK).bindTo(registry);

        assertThat(gauge("apisec.signing.key.next.activation")).isNaN();
        assertThat(gauge("apisec.signing.key.age")).isEqualTo(5);
    }

    @Test
    void nextKeyTimePassedBeforeMaintenanceThenZeroNotNegative() {
        new KeyMetrics(new FixedStatus(2, Optional.of(NOW), Optional.of(NOW.minusSeconds(1))), CLOCK).bindTo(registry);

        assertThat(gauge("apisec.signing.key.next.activation")).isZero();
    }

    @Test
    void prometheusNamesCarryTheSecondsUnit() {
        try (TokenServerMetrics metrics = new TokenServerMetrics()) {
            new KeyMetrics(new FixedStatus(2, Optional.of(NOW.minusSeconds(90)), Optional.of(NOW.plusSeconds(30))), CLOCK)
                    .bindTo(metrics.registry());

            assertThat(metrics.scrape())
                    .contains("apisec_signing_key_age_seconds 90.0")
                    .contains("apisec_signing_key_next_activation_seconds 30.0")
                    .contains("apisec_signing_keys_published 2.0");
        }
    }

    @Test
    void keyManagerWhenNotLoadedThenNoKeysAndTheTimesNotAsked() throws Exception {
        try (Database database = h2()) {
            KeyManager keys = manager(database);
            AtomicInteger asked = new AtomicInteger();
            KeyMetrics.of(keys, () -> {
                asked.incrementAndGet();
                return NOW;
            }, () -> {
                asked.incrementAndGet();
                return Optional.of(NOW);
            }, CLOCK).bindTo(registry);

            assertThat(gauge("apisec.signing.keys.published")).isZero();
            assertThat(gauge("apisec.signing.key.age")).isNaN();
            assertThat(gauge("apisec.signing.key.next.activation")).isNaN();
            assertThat(asked).hasValue(0);
        }
    }

    @Test
    void keyManagerWhenLoadedThenPublishedKeysCounted() throws Exception {
        try (Database database = h2()) {
            KeyManager keys = manager(database);
            keys.maintain();
            KeyMetrics.of(keys, CLOCK).bindTo(registry);

            assertThat(gauge("apisec.signing.keys.published")).isEqualTo(1);
            assertThat(gauge("apisec.signing.key.age")).isNaN();
        }
    }

    @Test
    void keyManagerWhenLoadedThenTimesFromItsSuppliers() throws Exception {
        try (Database database = h2()) {
            KeyManager keys = manager(database);
            keys.maintain();
            KeyMetrics.of(keys, () -> NOW.minusSeconds(60), () -> Optional.of(NOW.plusSeconds(120)), CLOCK)
                    .bindTo(registry);

            assertThat(gauge("apisec.signing.key.age")).isEqualTo(60);
            assertThat(gauge("apisec.signing.key.next.activation")).isEqualTo(120);
        }
    }

    private static Database h2() {
        return Database.open(TestServers.memoryDatabase("metrics"), "sa", "", 2);
    }

    private static KeyManager manager(Database database) {
        return new KeyManager(new JdbcSigningKeyRepository(database.dataSource()), MasterKey.generate(),
                new RotationPolicy(SigningAlgorithm.ES256, Duration.ofDays(30), Duration.ofMinutes(10), Duration.ofHours(1)),
                CLOCK);
    }
}
