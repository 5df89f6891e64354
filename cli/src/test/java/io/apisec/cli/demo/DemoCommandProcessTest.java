package io.apisec.cli.demo;

import io.apisec.cli.ApisecProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apisec demo} as a user runs it, in a process of its own: readiness on standard error as it starts, the
 * guide on standard output, and Ctrl-C (SIGINT) stopping everything, every port free again.
 */
class DemoCommandProcessTest {

    private static final long START_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void theDemoSaysWhenItIsReadyAndCtrlCStopsEverything() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ports.add(RunningDemo.freePort());
        }
        ApisecProcess started = ApisecProcess.start("demo", "--dir", dir.resolve("demo").toString(),
                "--gateway-port", ports.get(0).toString(), "--gateway-admin-port", ports.get(1).toString(),
                "--token-server-port", ports.get(2).toString(), "--token-server-admin-port", ports.get(3).toString(),
                "--orders-port", ports.get(4).toString(), "--inventory-port", ports.get(5).toString());
        Process demo = started.process;
        StringBuffer out = started.out;
        StringBuffer err = started.err;
        try {
            waitFor(() -> err.toString().contains("Ready.") || !demo.isAlive(), START_SECONDS);
            assertThat(err.toString()).as("standard error").contains("Token server ready", "Gateway ready",
                    "Ready. Ctrl-C stops everything.");
            assertThat(err.toString().indexOf("Gateway ready")).isLessThan(err.toString().indexOf("Ready. Ctrl-C"));
            waitFor(() -> out.toString().contains("curl"), 10);
            assertThat(out.toString()).as("the guide, on standard output").contains("curl")
                    .doesNotContain("Ready.");

            // Ctrl-C, unless this build runs where SIGINT is ignored (a background job of a script), which the
            // demo's JVM inherits: then SIGTERM, which runs the same shutdown.
            String signal = sigintIgnored() ? "-TERM" : "-INT";
            Process interrupt = new ProcessBuilder("kill", signal, String.valueOf(demo.pid())).start();
            assertThat(interrupt.waitFor(10, TimeUnit.SECONDS) && interrupt.exitValue() == 0).isTrue();

            assertThat(started.waitFor(60)).as("stopped within a minute of kill %s", signal).isTrue();
            assertThat(err.toString()).contains("Stopping the apisec demo...").doesNotContain("while stopping");
            for (int port : ports) {
                try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    assertThat(free.getLocalPort()).isEqualTo(port);
                }
            }
        } finally {
            demo.destroyForcibly();
        }
    }

    /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask in /proc/self/status), as its children will. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    /** Polls {@code condition} until it holds or {@code seconds} pass: a child process has no clock to move. */
    private static void waitFor(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
