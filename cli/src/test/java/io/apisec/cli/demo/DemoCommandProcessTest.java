package io.apisec.cli.demo;

import io.apisec.cli.ApisecProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!err.toString().contains("Ready.") && demo.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(err.toString()).as("standard error").contains("Token server ready", "Gateway ready",
                    "Ready. Ctrl-C stops everything.");
            assertThat(err.toString().indexOf("Gateway ready")).isLessThan(err.toString().indexOf("Ready. Ctrl-C"));
            waitFor(() -> out.toString().contains("curl"), 10);
            assertThat(out.toString()).as("the guide, on standard output").contains("curl")
                    .doesNotContain("Ready.");

            Process interrupt = new ProcessBuilder("kill", "-INT", String.valueOf(demo.pid())).start();
            assertThat(interrupt.waitFor(10, TimeUnit.SECONDS) && interrupt.exitValue() == 0).isTrue();

            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute of Ctrl-C").isTrue();
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

    private static void waitFor(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
