package io.apisec.tokenserver.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The configuration cannot be used, so the server refuses to start rather than run on a guess. The message
 * names the file, the line when known, the key path (such as {@code clients[1].token-format}), the
 * environment variable when the value came from one, the bad value and what is accepted. It never holds a
 * secret.
 */
public final class ConfigException extends RuntimeException {

    private final Path file;
    private final Integer line;
    private final String keyPath;

    ConfigException(Path file, Integer line, String keyPath, String variable, String problem, Throwable cause) {
        super(format(file, line, keyPath, variable, problem), cause);
        this.file = file;
        this.line = line;
        this.keyPath = keyPath;
    }

    private static String format(Path file, Integer line, String keyPath, String variable, String problem) {
        StringBuilder message = new StringBuilder("Invalid configuration in ").append(file);
        if (line != null) {
            message.append(", line ").append(line);
        }
        message.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            message.append(keyPath);
            if (variable != null) {
                message.append(" (from environment variable ").append(variable).append(')');
            }
            message.append(": ");
        }
        return message.append(problem).toString();
    }

    /** The configuration file that was refused. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the offending key, when the file holds it (not for values from the environment). */
    public OptionalInt line() {
        return line == null ? OptionalInt.empty() : OptionalInt.of(line);
    }

    /** The key path of the offending value, such as {@code clients[1].token-format}; empty for a syntax error. */
    public Optional<String> keyPath() {
        return Optional.ofNullable(keyPath).filter(path -> !path.isEmpty());
    }
}
