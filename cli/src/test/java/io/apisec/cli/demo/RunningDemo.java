package io.apisec.cli.demo;

import io.apisec.cli.TrustedCertificates;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A demo started on free ports for another package's tests: where it is and how to trust it. */
public final class RunningDemo implements AutoCloseable {

    private final DemoSystem system;

    private RunningDemo(DemoSystem system) {
        this.system = system;
    }

    public static RunningDemo start(Path dir) throws Exception {
        return new RunningDemo(DemoSystem.start(dir, new DemoPorts(freePort(), freePort(), freePort(), freePort(),
                freePort(), freePort()), line -> { }));
    }

    public Path dir() {
        return system.dir;
    }

    public String issuer() {
        return "https://localhost:" + system.ports.tokenServer();
    }

    /** The token server's admin listener. */
    public String adminUrl() {
        return "https://localhost:" + system.ports.tokenServerAdmin();
    }

    /** Trusts the demo's certificate authority only. */
    public SSLContext trust() throws Exception {
        return TrustedCertificates.of(dir().resolve(DemoCertificates.CA));
    }

    @Override
    public void close() throws Exception {
        system.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
