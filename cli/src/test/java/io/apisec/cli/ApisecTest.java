package io.apisec.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ApisecTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Apisec.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void helpListsEveryCommandAndTheExitCodesOnStandardOutput() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "token-server", "gateway", "Exit codes:", "2   a usage or"
                + " configuration error");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageErrorOnStandardError() {
        assertThat(run()).isEqualTo(Apisec.USAGE);
        assertThat(err.toString()).contains("Name a command");
        assertThat(run("frobnicate")).isEqualTo(Apisec.USAGE);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theVersionNamesTheJava() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("apisec ").contains("Java ");
    }

    @Test
    void theDemoNamesAPortInUseWithItsOptionAndRefusesOnePortForTwoServices() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run("demo", "--gateway-port", String.valueOf(taken.getLocalPort()))).isEqualTo(Apisec.FAILED);
            assertThat(err.toString()).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("--gateway-port PORT");
        }
        assertThat(run("demo", "--orders-port", "9443")).isEqualTo(Apisec.USAGE);
        assertThat(err.toString()).contains("--token-server-port and --orders-port are both 9443");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theServersNeedTheirConfiguration() {
        assertThat(run("gateway")).isEqualTo(Apisec.USAGE);
        assertThat(err.toString()).contains("--config");
        assertThat(run("demo", "--gateway-port", "http")).isEqualTo(Apisec.USAGE);
    }
}
