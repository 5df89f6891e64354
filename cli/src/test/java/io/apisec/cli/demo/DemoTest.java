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
        ports = new DemoPorts(freePort(), freePort(), freePort(), freePort(), freePort());
        demo = DemoSystem.start(dir.resolve("apisec-demo"), ports, progress::add);
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    @Test
    void everyCommandOfTheGuideAnswersAsTheGuideSays() throws Exception {
        String guide = DemoGuide.text(demo.dir, ports);
        Process bash = new ProcessBuilder("bash", "-c", guide).redirectErrorStream(true).start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the guide runs in a minute").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        List<String> statuses = output.lines().filter(line -> line.startsWith("HTTP ")).toList();
        assertThat(statuses).as(output).extracting(line -> line.substring(5, 8)).containsExactly(
                "200", "200", // 2. through the gateway; 3. the JWT the API received
                "403", "403", // 4. scope refused at the gateway; 5. claims refused at the API
                "200", "200", "200", "200", "429", "429", // 6. the rate limit
                "201", // 7. an order, stock reserved with an exchanged token
                "200", "401", // 8. revoked, then refused at once
                "401", "401"); // 9. around the gateway
        assertThat(statuses.get(2)).contains("error=\"insufficient_scope\"").contains("scope=\"orders:read orders:write\"");
        assertThat(statuses.get(8)).doesNotContain("Bearer");
        assertThat(output).contains("\"customer_id\":\"c-1001\"").contains("a JWT, signature verified");
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
        for (String client : DemoSystem.CLIENTS) {
            Path secret = demo.dir.resolve("secrets").resolve(client);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
            assertThat(Files.readString(secret)).matches("[0-9a-f]{64}");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                demo.dir.resolve(DemoCertificates.PRIVATE_KEY)))).isEqualTo("rw-------");
        assertThat(Files.readString(demo.dir.resolve("token-server.yaml"))).doesNotContain(
                Files.readString(demo.dir.resolve("secrets").resolve("alice-shop")));
    }

    @Test
    void aPortInUseIsNamedWithTheOptionThatChangesIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            DemoPorts clash = new DemoPorts(freePort(), freePort(), taken.getLocalPort(), freePort(), freePort());
            assertThat(clash.firstInUse()).contains("Port " + taken.getLocalPort() + " on 127.0.0.1 is in use (is a demo"
                    + " already running?): stop what uses it, or choose another with --token-server-port PORT");
        }
        assertThat(ports.firstInUse()).as("the running demo's own ports").isPresent();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
