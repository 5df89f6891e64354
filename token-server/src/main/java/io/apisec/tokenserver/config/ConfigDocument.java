package io.apisec.tokenserver.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The parsed file as a tree, with the line of every key and the environment variable behind every
 * overridden value, so that any error found later can point at where the bad value came from.
 */
final class ConfigDocument {

    private final Path file;
    private final ObjectNode root;
    private final Map<String, Integer> lines;
    private final Map<String, String> overriddenBy = new HashMap<>();

    ConfigDocument(Path file, ObjectNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = Map.copyOf(lines);
    }

    Path file() {
        return file;
    }

    /** The directory that relative paths in the file resolve against. */
    Path directory() {
        return file.toAbsolutePath().getParent();
    }

    ObjectNode root() {
        return root;
    }

    void markOverridden(String path, String variable) {
        overriddenBy.put(path, variable);
    }

    ConfigException error(String path, String problem) {
        return error(path, problem, null);
    }

    /**
     * An error at {@code path}, located at its line, or at the nearest enclosing key's line when the key is
     * missing, or at the environment variable that set it.
     */
    ConfigException error(String path, String problem, Throwable cause) {
        String variable = overriddenBy.get(path);
        Integer line = variable == null ? lineOf(path) : null;
        return new ConfigException(file, line, path, variable, problem, cause);
    }

    private Integer lineOf(String path) {
        for (String at = path; !at.isEmpty(); at = KeyPath.parent(at)) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
        }
        return null;
    }
}
