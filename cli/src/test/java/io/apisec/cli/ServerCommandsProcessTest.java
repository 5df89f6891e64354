package io.apisec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code apisec token-server --config} and {@code apisec gateway --config} with a configuration they cannot use,
 * in a process of their own (their mains exit by themselves): the documented exit code 2, and a message on
 * standard error that names the file or the key, nothing on standard output.
 */
class ServerCommandsProcessTest {

    @TempDir
    Path dir;

    @Test
    void aMissingConfigurationFileIsAConfigurationError() throws Exception {
        for (String server : new String[] {"token-server", "gateway"}) {
            Path missing = dir.resolve(server + "-missing.yaml");
            ApisecProcess run = ApisecProcess.start(server, "--config", missing.toString());
            assertThat(run.waitFor(60)).as(server).isTrue();
            assertThat(run.process.exitValue()).as(server + ": " + run.err).isEqualTo(Apisec.USAGE);
            assertThat(run.err.toString()).as(server).contains(missing.getFileName().toString());
            assertThat(run.out.toString()).as(server).isEmpty();
        }
    }

    @Test
    void aGatewayRouteWithoutAnAuthenticationMethodIsRefusedNamingTheKey() throws Exception {
        String example = Files.readString(Path.of("../gateway/config/gateway.example.yaml"));
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, example.replaceFirst("    auth: phantom[^\n]*\n", ""));
        ApisecProcess run = ApisecProcess.start("gateway", "--config", config.toString());
        assertThat(run.waitFor(60)).isTrue();
        assertThat(run.process.exitValue()).as(run.err.toString()).isEqualTo(Apisec.USAGE);
        assertThat(run.err.toString()).contains("routes[orders].auth");
        assertThat(run.out.toString()).isEmpty();
    }
}
