package io.apisec.cli;

import io.apisec.tokenserver.TokenServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code apisec token-server --config FILE}: the token server, until a signal stops it. */
@Command(name = "token-server", mixinStandardHelpOptions = true,
        description = "Runs the token server (see token-server/config/token-server.example.yaml).")
final class TokenServerCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the token server's YAML file")
    private Path config;

    @Override
    public Integer call() throws Exception {
        TokenServer.main(new String[] {"--config", config.toString()}); // exits 2 or 1 itself when it cannot start
        Thread.currentThread().join(); // serves until a signal; its shutdown hook stops it
        return 0;
    }
}
