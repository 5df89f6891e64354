package io.apisec.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code apisec} command in the test's JVM, as {@code bin/apisec} would, capturing both outputs. */
public final class ApisecRunner {

    private ApisecRunner() {
    }

    public record Result(int status, String out, String err) {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Apisec.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(status, out.toString(), err.toString());
    }
}
