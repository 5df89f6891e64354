package io.apisec.cli.admin;

import io.apisec.cli.Apisec;

/** Why an admin command stopped, with its exit code: the options (2) or the call (1). */
final class AdminCommandException extends Exception {

    private final int exitCode;

    private AdminCommandException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    static AdminCommandException usage(String message) {
        return new AdminCommandException(message, Apisec.USAGE);
    }

    static AdminCommandException failed(String message) {
        return new AdminCommandException(message, Apisec.FAILED);
    }

    int exitCode() {
        return exitCode;
    }
}
