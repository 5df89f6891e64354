package io.apisec.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

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

    /** Every command and subcommand, found by walking the command tree: one added later is covered too. */
    @Test
    void everyCommandAnswersHelpWithItsUsageOnStandardOutput() {
        List<List<String>> paths = new ArrayList<>();
        collect(Apisec.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).extracting(path -> String.join(" ", path))
                .contains("demo", "version", "keys revoke", "clients rotate-secret");
        for (List<String> path : paths) {
            StringWriter helpOut = new StringWriter();
            StringWriter helpErr = new StringWriter();
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            int status = Apisec.commandLine().setOut(new PrintWriter(helpOut)).setErr(new PrintWriter(helpErr))
                    .execute(args.toArray(String[]::new));
            assertThat(status).as(String.join(" ", args)).isZero();
            assertThat(helpOut.toString()).as(String.join(" ", args))
                    .contains("Usage: apisec " + String.join(" ", path));
            assertThat(helpErr.toString()).as(String.join(" ", args)).isEmpty();
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // not an alias
                List<String> next = new ArrayList<>(path);
                next.add(name);
                paths.add(next);
                collect(sub, next, paths);
            }
        });
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

    /** Arguments that are no known option are parameters (a key id may start with '-'): a typo still fails. */
    @Test
    void aMistypedOptionIsStillAUsageErrorWhereNoParameterIsTaken() {
        assertThat(run("demo", "--gatway-port", "9000")).isEqualTo(Apisec.USAGE);
        assertThat(err.toString()).contains("--gatway-port");
        assertThat(run("version", "-x")).isEqualTo(Apisec.USAGE);
        assertThat(out.toString()).isEmpty();
    }
}
