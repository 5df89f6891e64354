package io.apisec.gateway.accesslog;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class AccessLogWriterTest {

    @Test
    void writesEveryLineInOrderAndWhatIsQueuedAtClose() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AccessLogWriter writer = new AccessLogWriter(out, 1_000, Long.MAX_VALUE, Duration.ofMillis(10));
        for (int i = 0; i < 500; i++) {
            writer.accept("{\"n\":" + i + "}");
        }
        writer.close();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertThat(lines).hasSize(501).endsWith("");
        assertThat(lines[0]).isEqualTo("{\"n\":0}");
        assertThat(lines[499]).isEqualTo("{\"n\":499}");
        assertThat(writer.dropped()).isZero();
    }

    @Test
    void aLineReachesTheOutputWithinTheFlushIntervalWithoutClosing() throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                written.countDown();
            }
        };
        try (AccessLogWriter writer = new AccessLogWriter(out, 10, Long.MAX_VALUE, Duration.ofMillis(20))) {
            writer.accept("{}");
            assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aStalledOutputDropsAndCountsLinesInsteadOfBlockingTheCaller() throws Exception {
        StalledOutput out = new StalledOutput();
        AccessLogWriter writer = new AccessLogWriter(out, 100, Long.MAX_VALUE, Duration.ofMillis(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        writer.register(registry);
        writer.accept("first");
        assertThat(out.stalled.await(5, TimeUnit.SECONDS)).isTrue(); // the writer thread is stuck in the output
        // A caller that waited for the stuck output would never return: the guard turns that into a failure.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 1_000; i++) {
                writer.accept("line " + i);
            }
        });
        assertThat(writer.dropped()).as("what does not fit in the queue").isEqualTo(900);
        assertThat(registry.get("apisec.gateway.access.log.dropped").functionCounter().count()).isEqualTo(900);
        out.release.countDown();
        writer.close();
    }

    @Test
    void theQueuedCharactersAreBoundedToo() throws Exception {
        StalledOutput out = new StalledOutput();
        AccessLogWriter writer = new AccessLogWriter(out, 1_000, 1_000, Duration.ofMillis(5));
        writer.accept("first");
        assertThat(out.stalled.await(5, TimeUnit.SECONDS)).isTrue();
        String line = "x".repeat(300);
        for (int i = 0; i < 10; i++) {
            writer.accept(line);
        }
        assertThat(writer.dropped()).as("three lines of 300 fit in 1,000 characters").isEqualTo(7);
        out.release.countDown();
        writer.close();
    }

    @Test
    void aFailingOutputCountsItsLinesAsDroppedAndTheWriterGoesOn() throws Exception {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            private boolean failedOnce;

            @Override
            public void write(int b) {
                kept.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (!failedOnce) {
                    failedOnce = true;
                    throw new IOException("disk full");
                }
                kept.write(bytes, offset, length);
            }
        };
        AccessLogWriter writer = new AccessLogWriter(out, 100, Long.MAX_VALUE, Duration.ofMillis(5));
        writer.accept("lost");
        waitUntil(() -> writer.dropped() == 1);
        writer.accept("kept");
        writer.close();
        assertThat(kept.toString(StandardCharsets.UTF_8)).isEqualTo("kept\n");
        writer.accept("after close");
        assertThat(writer.dropped()).isEqualTo(2);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** An output that blocks on its first byte until released: a stuck disk or pipe. */
    private static final class StalledOutput extends OutputStream {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(int b) throws IOException {
            stalled.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
    }
}
