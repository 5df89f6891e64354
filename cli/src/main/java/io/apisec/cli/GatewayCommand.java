package io.apisec.cli;

import io.apisec.gateway.GatewayMain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code apisec gateway --config FILE}: the gateway, until a signal stops it. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Runs the API gateway (see gateway/config/gateway.example.yaml).")
final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the gateway's YAML file")
    private Path config;

    @Override
    public Integer call() throws Exception {
        GatewayMain.main(new String[] {"--config", config.toString()}); // exits 2 or 1 itself when it cannot start
        Thread.currentThread().join();
        return 0;
    }
}
