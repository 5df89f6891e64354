package io.apisec.tokenserver;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How long each phase of the start took, for one log line: where start-up time goes, measured every time. */
final class StartupTimer {

    // The JVM's start, not the process's: a launcher script that execs java started the process earlier.
    private final Instant processStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private final List<String> phases = new ArrayList<>();
    private long last = System.nanoTime();
    private final long first = last;
    private final long beforeFirst = Duration.between(processStart, Instant.now()).toMillis();

    /** Ends the phase {@code name}, begun at the previous call (or at construction). */
    synchronized void phase(String name) {
        long now = System.nanoTime();
        phases.add(name + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    /** Notes an event that happens beside the phases (listeners bound on the event loop), at its time. */
    synchronized void at(String name) {
        phases.add(name + " at " + (System.nanoTime() - first) / 1_000_000 + " ms");
    }

    /** "N ms after the JVM started (JVM M ms, phase a ms, ...)": M is the time before this timer (main) began. */
    synchronized String summary() {
        long total = beforeFirst + (last - first) / 1_000_000;
        return total + " ms after the JVM started (JVM " + beforeFirst + " ms, "
                + String.join(", ", phases) + ")";
    }
}
