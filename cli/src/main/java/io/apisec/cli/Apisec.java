package io.apisec.cli;

import io.apisec.cli.admin.ClientsCommand;
import io.apisec.cli.admin.KeysCommand;
import io.apisec.cli.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code apisec} command. Results go to standard output, diagnostics to standard error. Exit codes: 0 done,
 * 1 a failure while running (a port in use, a service that would not start), 2 a usage or configuration error.
 */
@Command(name = "apisec", mixinStandardHelpOptions = true, versionProvider = Apisec.Version.class,
        description = "An open API-security platform: token server, gateway, JWT-verifying APIs.",
        subcommands = {DemoCommand.class, TokenServerCommand.class, GatewayCommand.class, KeysCommand.class,
                ClientsCommand.class, Apisec.VersionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a failure while running (a port in use, a service that did not start)",
                "2:a usage or configuration error"})
public final class Apisec implements Runnable {

    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with its exit codes: a usage error 2, any other failure 1. */
    static CommandLine commandLine() {
        // A key id is base64url and may start with '-': an argument that is no known option is taken as a
        // parameter, so "apisec keys revoke -Xy3..." revokes that key (a command that takes none still refuses it).
        return new CommandLine(new Apisec()).setUnmatchedOptionsArePositionalParams(true).setExitCodeExceptionMapper(
                failure -> failure instanceof CommandLine.ParameterException ? USAGE : FAILED);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Name a command: demo, token-server, gateway, keys, clients, version");
    }

    /** {@code apisec version}, as {@code apisec --version}. */
    @Command(name = "version", mixinStandardHelpOptions = true, versionProvider = Apisec.Version.class,
            description = "Prints the version of apisec and of the Java that runs it.")
    static final class VersionCommand implements Runnable {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            for (String line : new Version().getVersion()) {
                spec.commandLine().getOut().println(line);
            }
        }
    }

    /** The version of the jar, as its manifest names it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Apisec.class.getPackage().getImplementationVersion();
            return new String[] {"apisec " + (version == null ? "(development build)" : version),
                    "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name")};
        }
    }
}
