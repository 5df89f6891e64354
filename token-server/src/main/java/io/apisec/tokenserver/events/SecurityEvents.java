package io.apisec.tokenserver.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one door for security events: each is written at once as a JSON line on the {@code apisec.events}
 * logger, handed to the listeners (metrics), and queued for the database. A background thread stores the
 * queue in batches, so recording never waits on the database and costs a token request almost nothing.
 * The queue is bounded: when the database cannot keep up, events beyond it are dropped from the store
 * only (they are still in the log) and counted in {@link #dropped()}.
 */
public final class SecurityEvents implements AutoCloseable {

    private static final Logger EVENTS = LoggerFactory.getLogger("apisec.events");
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);
    static final int QUEUE_CAPACITY = 10_000;
    private static final int BATCH = 500;

    private final Clock clock;
    private final EventStore store;
    private final BlockingQueue<SecurityEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<SecurityEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;

    public SecurityEvents(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.writer = Thread.ofPlatform().daemon().name("apisec-event-writer").start(this::writeLoop);
    }

    public void addListener(SecurityEventListener listener) {
        listeners.add(listener);
    }

    /** Records one event. Details must name tokens only by their hash prefix. Never blocks. */
    public void record(SecurityEventType type, Map<String, String> details) {
        SecurityEvent event = new SecurityEvent(type, clock.instant(), details);
        EVENTS.info(event.toJson());
        for (SecurityEventListener listener : listeners) {
            listener.onEvent(event);
        }
        recorded.incrementAndGet();
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            settled.incrementAndGet();
        }
    }

    /** Events that could not be queued for the database (still in the log). */
    public long dropped() {
        return dropped.get();
    }

    /** Stores what is queued, then stops the writer. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until everything recorded so far is stored or dropped (tests, shutdown). */
    public void flush() {
        long target = recorded.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (settled.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeLoop() {
        List<SecurityEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                SecurityEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    // Closing: the queue is empty, everything recorded is stored.
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                store(batch);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void store(List<SecurityEvent> batch) {
        try {
            store.append(batch);
        } catch (RuntimeException e) {
            dropped.addAndGet(batch.size());
            LOG.warn("Could not store {} security event(s) in the database (they are in the apisec.events log): {}",
                    batch.size(), e.getMessage());
        } finally {
            settled.addAndGet(batch.size());
            batch.clear();
        }
    }
}
