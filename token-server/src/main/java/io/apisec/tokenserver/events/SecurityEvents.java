package io.apisec.tokenserver.events;

import io.apisec.tracing.Tracing;
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
 *
 * <p>Refusals ({@code token.refused}, {@code client.auth_failed}) need no credential to cause, so they
 * cannot be allowed to flood the log, the database, or the queue: at most {@link #REFUSALS_PER_SECOND} a
 * second are written one by one, the rest are counted ({@link #suppressed()}, summed in one log line a
 * minute), and they may fill only half the queue, so an incident is never dropped for them. Listeners
 * (metrics) still hear every one.
 */
public final class SecurityEvents implements AutoCloseable {

    private static final Logger EVENTS = LoggerFactory.getLogger("apisec.events");
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);
    static final int QUEUE_CAPACITY = 10_000;
    static final int REFUSALS_PER_SECOND = 100;
    private static final long SUPPRESSION_REPORT_MILLIS = 60_000;
    private static final int BATCH = 500;

    private final Clock clock;
    private final EventStore store;
    private final BlockingQueue<SecurityEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final List<SecurityEventListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private long refusalWindow = Long.MIN_VALUE; // guarded by this
    private int refusalsInWindow; // guarded by this
    private long suppressedReported;
    private long lastReportMillis;
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
        SecurityEvent event = new SecurityEvent(type, clock.instant(), withTrace(details));
        for (SecurityEventListener listener : listeners) {
            listener.onEvent(event);
        }
        boolean refusal = type == SecurityEventType.TOKEN_REFUSED || type == SecurityEventType.CLIENT_AUTH_FAILED;
        if (refusal && !withinRefusalBudget(event.at().getEpochSecond())) {
            suppressed.incrementAndGet();
            return;
        }
        if (EVENTS.isInfoEnabled()) {
            EVENTS.info(event.toJson());
        }
        recorded.incrementAndGet();
        boolean room = !closing && (!refusal || queue.size() < QUEUE_CAPACITY / 2);
        if (!room || !queue.offer(event)) {
            dropped.incrementAndGet();
            settle(1);
        }
    }

    /** The event's details with the trace of the request it came from, when the server traces it. */
    private static Map<String, String> withTrace(Map<String, String> details) {
        return Tracing.currentTraceId().<Map<String, String>>map(trace -> {
            Map<String, String> traced = new java.util.LinkedHashMap<>(details);
            traced.put("trace_id", trace);
            return traced;
        }).orElse(details);
    }

    /** Refusals beyond the budget: heard by the listeners, not logged or stored one by one. */
    public long suppressed() {
        return suppressed.get();
    }

    private synchronized boolean withinRefusalBudget(long second) {
        if (second != refusalWindow) {
            refusalWindow = second;
            refusalsInWindow = 0;
        }
        return ++refusalsInWindow <= REFUSALS_PER_SECOND;
    }

    /** One line a minute for the refusals that were only counted. Called by the writer thread. */
    private void reportSuppressed() {
        long now = System.currentTimeMillis();
        if (now - lastReportMillis < SUPPRESSION_REPORT_MILLIS) {
            return;
        }
        lastReportMillis = now;
        long total = suppressed.get();
        if (total > suppressedReported) {
            LOG.warn("{} refusal event(s) beyond {} a second were counted but not logged or stored one by one",
                    total - suppressedReported, REFUSALS_PER_SECOND);
            suppressedReported = total;
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
        synchronized (settled) {
            long left;
            while (settled.get() < target && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(settled, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void writeLoop() {
        List<SecurityEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                SecurityEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                reportSuppressed();
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

    /** Counts events as stored or dropped, and wakes {@link #flush()}. */
    private void settle(int events) {
        synchronized (settled) {
            settled.addAndGet(events);
            settled.notifyAll();
        }
    }

    private void store(List<SecurityEvent> batch) {
        try {
            store.append(batch);
        } catch (RuntimeException | Error e) {
            // Whatever failed, the writer lives on: the next batch may succeed.
            dropped.addAndGet(batch.size());
            LOG.warn("Could not store {} security event(s) in the database (they are in the apisec.events log): {}",
                    batch.size(), e.getMessage());
        } finally {
            settle(batch.size());
            batch.clear();
        }
    }
}
