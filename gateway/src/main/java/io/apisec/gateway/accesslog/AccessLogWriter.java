package io.apisec.gateway.accesslog;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes the access log's lines from a thread of its own, in batches: the event loops only queue a line, so a
 * request never waits for the disk or a pipe, and many lines leave in one write (as nginx's {@code buffer} and
 * {@code flush} do). A line reaches the output within one flush interval. The queue is bounded in lines and in
 * characters: when the output cannot keep up, lines are dropped rather than slowing the traffic or filling the
 * heap, counted in the metric {@code apisec_gateway_access_log_dropped_total} and in a warning at most every ten
 * seconds. The caller owns the output stream; a {@link java.io.PrintStream} hides write errors, so pass the
 * stream under it (for standard output, {@code new FileOutputStream(FileDescriptor.out)}).
 */
public final class AccessLogWriter implements Consumer<String>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int BATCH = 4_096;
    private static final int TEXT_CAPACITY = 64 * 1024;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BlockingQueue<String> lines;
    private final long maxQueuedChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private final OutputStream out;
    private final long flushNanos;
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean closed;
    private long droppedReported;
    private String lastFailure;
    private long reportedAt = System.nanoTime() - REPORT_NANOS;

    /**
     * @param out            receives the lines, each ending with a newline (not closed by the writer)
     * @param capacity       lines that may wait; more are dropped
     * @param maxQueuedChars characters that may wait, all lines together; more are dropped
     * @param flush          how long a line may wait before it is written
     */
    public AccessLogWriter(OutputStream out, int capacity, long maxQueuedChars, Duration flush) {
        this.out = Objects.requireNonNull(out, "out");
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.maxQueuedChars = maxQueuedChars;
        this.flushNanos = flush.toNanos();
        this.writer = Thread.ofPlatform().name("apisec-access-log").daemon().unstarted(this::run);
        writer.start();
    }

    /** Queues one line, from any thread; never blocks. */
    @Override
    public void accept(String line) {
        if (closed) {
            dropped.increment();
        } else if (queuedChars.addAndGet(line.length()) > maxQueuedChars || !lines.offer(line)) {
            queuedChars.addAndGet(-line.length());
            dropped.increment();
        }
    }

    /** Lines dropped so far, because the queue was full or the output failed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Exposes {@link #dropped()} as a counter. */
    public void register(MeterRegistry registry) {
        FunctionCounter.builder("apisec.gateway.access.log.dropped", this, AccessLogWriter::dropped)
                .description("Access-log lines dropped because the output could not keep up or failed")
                .register(registry);
    }

    private void run() {
        List<String> batch = new ArrayList<>(BATCH);
        StringBuilder text = new StringBuilder(TEXT_CAPACITY);
        while (!closed || !lines.isEmpty()) {
            // Sleeps between batches instead of being woken per line: no wake-up on the event loops' path.
            if (lines.isEmpty()) {
                LockSupport.parkNanos(flushNanos);
            }
            while (lines.drainTo(batch, BATCH) > 0) {
                for (String line : batch) {
                    text.append(line).append('\n');
                    queuedChars.addAndGet(-line.length());
                }
                write(text, batch.size());
                batch.clear();
                text.setLength(0);
                if (text.capacity() > TEXT_CAPACITY) {
                    text = new StringBuilder(TEXT_CAPACITY); // a burst of long lines is not kept forever
                }
            }
            reportDrops();
        }
    }

    private void write(CharSequence text, int count) {
        try {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException | RuntimeException e) {
            // The thread goes on: the next batch may be written (a full disk frees up, a reader comes back). The
            // failure is told in the next report, not per batch: a dead output would flood the diagnostics.
            dropped.add(count);
            lastFailure = e.toString();
        }
    }

    private void reportDrops() {
        long total = dropped.sum();
        long now = System.nanoTime();
        if (total != droppedReported && (now - reportedAt >= REPORT_NANOS || closed)) {
            reportedAt = now;
            LOG.warn("Access log: {} line(s) dropped ({}); {} in all", total - droppedReported,
                    lastFailure == null ? "the output is slower than the traffic" : "cannot write: " + lastFailure,
                    total);
            droppedReported = total;
            lastFailure = null;
        }
    }

    /** Writes what is queued (for at most five seconds), then stops; later lines, and any left, count as dropped. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        LockSupport.unpark(writer);
        writer.join(TimeUnit.SECONDS.toMillis(5));
        dropped.add(lines.size());
    }
}
