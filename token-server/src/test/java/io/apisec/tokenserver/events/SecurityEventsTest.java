package io.apisec.tokenserver.events;

import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.storage.StorageException;
import io.apisec.tokenserver.testing.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Security events: logged, told to listeners, stored in batches, and never able to forge a field. */
class SecurityEventsTest {

    private final TestClock clock = TestClock.atNow();
    private Database database;
    private JdbcEventStore store;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.memoryDatabase("events"), "sa", "", 2);
        store = new JdbcEventStore(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void recordedEventsReachListenersAtOnceAndTheDatabaseNewestFirst() {
        List<SecurityEvent> heard = new ArrayList<>();
        try (SecurityEvents events = new SecurityEvents(store, clock)) {
            events.addListener(heard::add);
            events.record(SecurityEventType.TOKEN_ISSUED, Map.of("client_id", "partner", "token", "0123abcd"));
            clock.advance(Duration.ofSeconds(1));
            events.record(SecurityEventType.CLIENT_AUTH_FAILED, Map.of("reason", "invalid_client"));
            events.flush();
        }

        assertThat(heard).extracting(SecurityEvent::type)
                .containsExactly(SecurityEventType.TOKEN_ISSUED, SecurityEventType.CLIENT_AUTH_FAILED);
        assertThat(store.recent(Optional.empty(), 10)).extracting(SecurityEvent::type)
                .containsExactly(SecurityEventType.CLIENT_AUTH_FAILED, SecurityEventType.TOKEN_ISSUED);
        assertThat(store.recent(Optional.of(SecurityEventType.TOKEN_ISSUED), 10)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("client_id", "partner"));
        assertThat(store.recent(Optional.empty(), 1)).hasSize(1);
    }

    @Test
    void aDetailCannotForgeAnotherFieldAndIsCapped() {
        String hostile = "x\",\"event\":\"token.revoked";
        SecurityEvent event = new SecurityEvent(SecurityEventType.CLIENT_AUTH_FAILED, clock.instant(),
                Map.of("client_id", hostile, "long", "y".repeat(1000)));

        JsonObject line = new JsonObject(event.toJson());

        assertThat(line.getString("event")).isEqualTo("client.auth_failed");
        assertThat(line.getString("client_id")).isEqualTo(hostile);
        assertThat(line.getString("long")).hasSize(SecurityEvent.MAX_DETAIL_CHARS + 3);
    }

    @Test
    void whenTheDatabaseFailsEventsAreCountedAsDroppedAndRecordingGoesOn() {
        EventStore broken = new EventStore() {
            @Override
            public void append(List<SecurityEvent> events) {
                throw new StorageException("database down", null);
            }

            @Override
            public List<SecurityEvent> recent(Optional<SecurityEventType> type, int limit) {
                return List.of();
            }

            @Override
            public int purgeBefore(Instant before) {
                return 0;
            }
        };
        try (SecurityEvents events = new SecurityEvents(broken, clock)) {
            events.record(SecurityEventType.TOKEN_ISSUED, Map.of());
            events.record(SecurityEventType.TOKEN_ISSUED, Map.of());
            events.flush();

            assertThat(events.dropped()).isEqualTo(2);
        }
    }

    @Test
    void aFullQueueDropsFromTheStoreOnlyAndNeverBlocksTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        EventStore stuck = new EventStore() {
            @Override
            public void append(List<SecurityEvent> events) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public List<SecurityEvent> recent(Optional<SecurityEventType> type, int limit) {
                return List.of();
            }

            @Override
            public int purgeBefore(Instant before) {
                return 0;
            }
        };
        List<SecurityEvent> heard = new ArrayList<>();
        try (SecurityEvents events = new SecurityEvents(stuck, clock)) {
            events.addListener(heard::add);
            int beyond = 100;
            for (int i = 0; i < SecurityEvents.QUEUE_CAPACITY + 500 + beyond; i++) {
                events.record(SecurityEventType.TOKEN_ISSUED, Map.of());
            }

            assertThat(heard).as("listeners (metrics) hear every event").hasSize(SecurityEvents.QUEUE_CAPACITY + 500 + beyond);
            // The writer holds at most one batch (500) while stuck; the queue holds its capacity; the rest is dropped.
            assertThat(events.dropped()).isBetween((long) beyond, (long) beyond + 500);
            release.countDown();
        }
    }

    @Test
    void refusalsBeyondTheBudgetAreCountedButNeitherLoggedNorStoredOneByOne() {
        List<SecurityEvent> heard = new ArrayList<>();
        try (SecurityEvents events = new SecurityEvents(store, clock)) {
            events.addListener(heard::add);
            for (int i = 0; i < 1000; i++) {
                events.record(SecurityEventType.CLIENT_AUTH_FAILED, Map.of("reason", "invalid_client"));
            }
            events.record(SecurityEventType.REFRESH_REUSE_DETECTED, Map.of("client_id", "mobile"));
            clock.advance(Duration.ofSeconds(1));
            events.record(SecurityEventType.TOKEN_REFUSED, Map.of("reason", "invalid_request"));
            events.flush();

            assertThat(heard).as("metrics hear every refusal").hasSize(1002);
            assertThat(events.suppressed()).isEqualTo(1000 - SecurityEvents.REFUSALS_PER_SECOND);
        }
        assertThat(store.recent(Optional.of(SecurityEventType.CLIENT_AUTH_FAILED), 1000))
                .hasSize(SecurityEvents.REFUSALS_PER_SECOND);
        assertThat(store.recent(Optional.of(SecurityEventType.REFRESH_REUSE_DETECTED), 10))
                .as("an incident is never crowded out by refusals").hasSize(1);
        assertThat(store.recent(Optional.of(SecurityEventType.TOKEN_REFUSED), 10))
                .as("a new second, a new budget").hasSize(1);
    }

    @Test
    void anEventRecordedAfterCloseIsCountedAsDropped() {
        SecurityEvents events = new SecurityEvents(store, clock);
        events.close();

        events.record(SecurityEventType.KEY_ROTATED, Map.of("kid", "late"));

        assertThat(events.dropped()).isEqualTo(1);
    }

    @Test
    void oldEventsArePurged() {
        try (SecurityEvents events = new SecurityEvents(store, clock)) {
            events.record(SecurityEventType.KEY_ROTATED, Map.of("kid", "old"));
            clock.advance(Duration.ofDays(91));
            events.record(SecurityEventType.KEY_ROTATED, Map.of("kid", "new"));
            events.flush();
        }

        assertThat(store.purgeBefore(clock.instant().minus(Duration.ofDays(90)))).isEqualTo(1);
        assertThat(store.recent(Optional.empty(), 10)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("kid", "new"));
    }
}
