package io.apisec.cli.admin;

import io.apisec.cli.Apisec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * One admin command: its call's JSON answer on standard output, why it failed on standard error, and the exit
 * code that says which (0, 1 for the call, 2 for the options).
 */
abstract class AdminCall implements Callable<Integer> {

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    /** The admin API's answer, as JSON. */
    abstract io.vertx.core.json.JsonObject call(AdminClient client) throws AdminCommandException;

    @Override
    public final Integer call() {
        try {
            io.vertx.core.json.JsonObject answer = call(AdminClient.of(admin, System.getenv()));
            spec.commandLine().getOut().println(answer.encodePrettily());
            spec.commandLine().getOut().flush();
            return 0;
        } catch (AdminCommandException e) {
            return failed(e.getMessage(), e.exitCode() == Apisec.USAGE ? Apisec.USAGE : Apisec.FAILED);
        } catch (RuntimeException e) { // one line, never a stack trace
            return failed(e.toString(), Apisec.FAILED);
        }
    }

    private int failed(String message, int status) {
        spec.commandLine().getErr().println("apisec " + spec.parent().name() + " " + spec.name() + ": " + message);
        spec.commandLine().getErr().flush();
        return status;
    }
}
