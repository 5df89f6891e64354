package io.apisec.cli.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo as a newcomer runs it: every service started in one process, then the printed guide pasted into bash
 * (with the machine's curl), each command answering as the guide says it will.
 */
class DemoTest {

    @TempDir
    static Path dir;
    static DemoPorts ports;
    static DemoSystem demo;
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ports = new DemoPorts(RunningDemo.freePort(), RunningDemo.freePort(), RunningDemo.freePort(), RunningDemo.freePort(), RunningDemo.freePort(), RunningDemo.freePort());
        demo = DemoSystem.start(dir.resolve("apisec-demo"), ports, progress::add);
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyCommandOfTheGuideAnswersAsTheGuideSays() throws Exception {
        String guide = DemoGuide.text(demo.dir, ports);
        Process bash = new ProcessBuilder("bash", "-c", guide).redirectErrorStream(true).start();
        String output;
        try {
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the guide runs in a minute").isTrue();
            output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            bash.destroyForcibly();
        }

        List<String> statuses = output.lines().filter(line -> line.startsWith("HTTP ")).toList();
        assertThat(statuses).as(output).extracting(line -> line.substring(5, 8)).containsExactly(
                "200", "200", // 2. through the gateway; 3. the JWT the API received
                "403", "403", // 4. scope refused at the gateway; 5. claims refused at the API
                "200", "200", "200", "200", "429", "429", // 6. the rate limit
                "201", // 7. an order, stock reserved with an exchanged token
                "200", "401", // 8. revoked, then refused at once
                "401", "401", "401", // 9. around the gateway
                "200"); // 10. the gateway's metrics
        assertThat(statuses.get(2)).contains("error=\"insufficient_scope\"").contains("scope=\"orders:read orders:write\"");
        assertThat(statuses.get(8)).doesNotContain("Bearer");
        assertThat(output).contains("\"customer_id\":\"c-1001\"").contains("a JWT, signature verified")
                .containsPattern("apisec_gateway_refusals_total\\{.*reason=\"rate limited\".*} 2")
                .containsPattern("apisec_gateway_requests_seconds_count\\{.*route=\"orders\".*status=\"2xx\".*}");
        String opaque = output.lines().findFirst().orElseThrow();
        assertThat(opaque).as("step 1 prints the opaque token").matches("[A-Za-z0-9_-]{43}");
        assertThat(output.substring(output.indexOf("a JWT"))).doesNotContain(opaque);
    }

    @Test
    void theGuideNamesTheDemoFolderAndEveryPortItUses() {
        String guide = DemoGuide.text(demo.dir, ports);
        assertThat(guide).contains("DEMO='" + demo.dir.toAbsolutePath() + "'")
                .contains("https://localhost:" + ports.gateway()).contains("https://localhost:" + ports.tokenServer())
                .contains("https://localhost:" + ports.orders());
        assertThat(progress).anyMatch(line -> line.startsWith("Gateway ready"))
                .anyMatch(line -> line.startsWith("Token server ready"));
    }

    @Test
    void secretsAndTheServerKeyAreForTheOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(demo.dir.resolve("secrets"))))
                .isEqualTo("rwx------");
        List<Path> secrets;
        try (var files = Files.list(demo.dir.resolve("secrets"))) {
            secrets = files.filter(file -> !file.endsWith("master-key")).toList();
        }
        assertThat(secrets).extracting(file -> file.getFileName().toString()).contains("alice-shop", "orders-api",
                "gateway", "gateway-admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(demo.dir))).isEqualTo("rwx------");
        for (Path secret : secrets) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
            assertThat(Files.readString(secret)).matches("[0-9a-f]{64}");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                demo.dir.resolve(DemoCertificates.PRIVATE_KEY)))).isEqualTo("rw-------");
        assertThat(Files.readString(demo.dir.resolve("token-server.yaml"))).doesNotContain(
                Files.readString(demo.dir.resolve("secrets").resolve("alice-shop")));
    }

    @Test
    void aSecondRunKeepsTheSecretsAndRefusesAFolderOpenToOthers() throws Exception {
        String secret = Files.readString(demo.dir.resolve("secrets").resolve("alice-shop"));
        assertThat(DemoFiles.secret(demo.dir.resolve("secrets").resolve("alice-shop"))).isEqualTo(secret);
        Path open = dir.resolve("open-demo");
        Files.createDirectories(open);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> DemoSystem.start(open, ports, line -> { }))
                .isInstanceOf(DemoFiles.DemoFolderException.class).hasMessageContaining("is open to others (rwxrwxrwx)")
                .hasMessageContaining("chmod 700");
        assertThat(open.resolve("secrets")).doesNotExist();
    }

    @Test
    void aSecretThatIsALinkIsRefusedNotFollowed() throws Exception {
        Path folder = dir.resolve("linked-demo");
        Files.createDirectories(folder.resolve("secrets"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(folder.resolve("secrets"), PosixFilePermissions.fromString("rwx------"));
        Path elsewhere = dir.resolve("someone-elses-secret");
        Files.writeString(elsewhere, "chosen-by-someone-else");
        Files.createSymbolicLink(folder.resolve("secrets").resolve("alice-shop"), elsewhere);

        assertThatThrownBy(() -> DemoFiles.secret(folder.resolve("secrets").resolve("alice-shop")))
                .isInstanceOf(DemoFiles.DemoFolderException.class).hasMessageContaining("is not a plain file");
    }

    @Test
    void theCertificateAuthoritysPrivateKeyIsNotKept() throws IOException {
        List<Path> keys;
        try (var files = Files.walk(demo.dir)) {
            keys = files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return Files.size(file) < 1_000_000 && Files.readString(file).contains("PRIVATE KEY");
                } catch (IOException | java.io.UncheckedIOException binary) {
                    return false;
                }
            }).toList();
        }
        assertThat(keys).as("the server's key is the only private key on disk")
                .containsExactly(demo.dir.resolve(DemoCertificates.PRIVATE_KEY));
    }

    @Test
    void aPortInUseIsNamedWithTheOptionThatChangesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DemoPorts clash = new DemoPorts(RunningDemo.freePort(), RunningDemo.freePort(), taken.getLocalPort(), RunningDemo.freePort(), RunningDemo.freePort(),
                    RunningDemo.freePort());
            assertThat(clash.firstInUse()).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use (is a demo"
                    + " already running?): stop what uses it, or choose another with --token-server-port PORT");
        }
        assertThat(ports.firstInUse()).as("the running demo's own ports").isPresent();
        assertThat(new DemoPorts(1, 2, 3, 4, 5, 2).firstRepeated())
                .contains("--gateway-admin-port and --inventory-port are both 2: give each service a port of its own");
    }
}
