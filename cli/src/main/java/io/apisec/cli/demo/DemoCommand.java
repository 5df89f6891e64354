package io.apisec.cli.demo;

import io.apisec.cli.Apisec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code apisec demo}: the whole system on this machine, with TLS everywhere, until Ctrl-C (the JVM then exits
 * 130, as after any interrupt); prints the commands that show each practice at work.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the whole system on 127.0.0.1 over HTTPS and prints commands to try it.",
                "The token server, the gateway and the example APIs, with demo clients; Ctrl-C stops everything."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "apisec-demo",
            description = "where the demo keeps its certificates, secrets, configuration and data (default: ${DEFAULT-VALUE})")
    private Path dir;

    @Option(names = "--gateway-port", paramLabel = "PORT", defaultValue = "8443", description = "default: ${DEFAULT-VALUE}")
    private int gatewayPort;

    @Option(names = "--gateway-admin-port", paramLabel = "PORT", defaultValue = "8445",
            description = "default: ${DEFAULT-VALUE}")
    private int gatewayAdminPort;

    @Option(names = "--token-server-port", paramLabel = "PORT", defaultValue = "9443",
            description = "default: ${DEFAULT-VALUE}")
    private int tokenServerPort;

    @Option(names = "--token-server-admin-port", paramLabel = "PORT", defaultValue = "9446",
            description = "default: ${DEFAULT-VALUE}")
    private int tokenServerAdminPort;

    @Option(names = "--orders-port", paramLabel = "PORT", defaultValue = "9444", description = "default: ${DEFAULT-VALUE}")
    private int ordersPort;

    @Option(names = "--inventory-port", paramLabel = "PORT", defaultValue = "9445",
            description = "default: ${DEFAULT-VALUE}")
    private int inventoryPort;

    @Override
    public Integer call() throws Exception {
        // The services' own logs would bury the guide: warnings only, and this command's progress lines.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoPorts ports = new DemoPorts(gatewayPort, gatewayAdminPort, tokenServerPort, tokenServerAdminPort, ordersPort,
                inventoryPort);
        for (var port : ports.byOption().entrySet()) {
            if (port.getValue() < 1 || port.getValue() > 65_535) {
                err.println("apisec demo: " + port.getKey() + " must be a port from 1 to 65535, was " + port.getValue());
                return Apisec.USAGE;
            }
        }
        var repeated = ports.firstRepeated();
        if (repeated.isPresent()) {
            err.println("apisec demo: " + repeated.get());
            return Apisec.USAGE;
        }
        var inUse = ports.firstInUse();
        if (inUse.isPresent()) {
            err.println("apisec demo: " + inUse.get());
            return Apisec.FAILED;
        }
        err.println("Starting the apisec demo in " + dir.toAbsolutePath() + " ...");
        err.flush();
        DemoSystem system;
        try {
            system = DemoSystem.start(dir, ports, line -> {
                err.println("  " + line);
                err.flush();
            });
        } catch (DemoFiles.DemoFolderException | IllegalArgumentException e) {
            err.println("apisec demo: " + e.getMessage());
            return Apisec.USAGE;
        } catch (Exception e) {
            err.println("apisec demo: could not start: " + reason(e, ports));
            return Apisec.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("Stopping the apisec demo...");
            err.flush();
            try {
                system.close();
            } catch (Exception e) {
                err.println("apisec demo: while stopping: " + e.getMessage());
                err.flush();
            }
            stopped.countDown();
        }, "apisec-demo-stop"));
        err.println("Ready. Ctrl-C stops everything.");
        err.flush();
        out.println();
        out.println(DemoGuide.text(dir, ports));
        out.flush();
        stopped.await();
        return 0;
    }

    /** What went wrong, said so that the user can act on it. */
    private static String reason(Exception failure, DemoPorts ports) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Taken between the check and the start. Netty's native transport reports it as an IOException of
            // its own, with the system's message, not as a BindException.
            if (cause instanceof java.net.BindException
                    || String.valueOf(cause.getMessage()).contains("Address already in use")) {
                return ports.firstInUse().orElse("a port is in use: " + cause.getMessage());
            }
        }
        return failure.getMessage() == null ? failure.toString() : failure.getMessage();
    }
}
