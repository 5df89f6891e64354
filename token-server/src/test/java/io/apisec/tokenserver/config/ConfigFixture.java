package io.apisec.tokenserver.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A configuration file under test in a temporary directory, with the PEM and secret files it refers to and
 * the environment map it is loaded with (never the real environment). Edits replace one exact piece of
 * text, so each test shows the one value it changes.
 */
final class ConfigFixture {

    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String DB_PASSWORD = "db-password-never-printed";
    static final String ORDERS_SECRET = "orders-secret-0123456789-abcdefghij";
    static final String MOBILE_SECRET = "mobile-secret-0123456789-abcdefghij";
    static final String REPORTING_SECRET = "reporting-secret-0123456789-abcdefg";
    static final String FILE_NAME = "token-server.yaml";
    static final String CERTIFICATE_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    static final String PRIVATE_KEY_PEM = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    private final Path directory;
    private final Map<String, String> environment = new HashMap<>();
    private String yaml;

    private ConfigFixture(Path directory, String yaml) {
        this.directory = directory.toAbsolutePath();
        this.yaml = yaml;
        file("certs/server.pem", CERTIFICATE_PEM);
        file("certs/server-key.pem", PRIVATE_KEY_PEM);
    }

    /** {@code config/full.yaml}: every key set, secrets present. */
    static ConfigFixture full(Path directory) {
        return new ConfigFixture(directory, resource("config/full.yaml"))
                .env("APISEC_DB_PASSWORD", DB_PASSWORD)
                .env("APISEC_MASTER_KEY", MASTER_KEY)
                .env("ORDERS_SERVICE_SECRET", ORDERS_SECRET)
                .file("secrets/mobile-app.secret", MOBILE_SECRET + "\n");
    }

    /** {@code config/minimal.yaml}: only what has no default. */
    static ConfigFixture minimal(Path directory) {
        return new ConfigFixture(directory, resource("config/minimal.yaml"))
                .env("REPORTING_SECRET", REPORTING_SECRET)
                .file("secrets/master.key", MASTER_KEY + "\n");
    }

    /** Any YAML text, with the certificate files in place. */
    static ConfigFixture of(Path directory, String yaml) {
        return new ConfigFixture(directory, yaml);
    }

    /** Replaces the one occurrence of {@code target}; fails the test if there is none or more than one. */
    ConfigFixture replace(String target, String replacement) {
        int first = yaml.indexOf(target);
        assertThat(first).as("fixture text %s", target).isNotNegative();
        assertThat(yaml.indexOf(target, first + 1)).as("fixture text %s occurs once", target).isNegative();
        yaml = yaml.substring(0, first) + replacement + yaml.substring(first + target.length());
        return this;
    }

    /** Adds {@code lines} after the one line containing {@code anchor}, indented like it. */
    ConfigFixture insertAfter(String anchor, String... lines) {
        String anchorLine = yaml.lines().filter(line -> line.contains(anchor)).findFirst().orElseThrow();
        String indent = anchorLine.substring(0, anchorLine.length() - anchorLine.stripLeading().length());
        StringBuilder added = new StringBuilder(anchorLine);
        for (String line : lines) {
            added.append('\n').append(indent).append(line);
        }
        return replace(anchorLine, added.toString());
    }

    ConfigFixture env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    ConfigFixture withoutEnv(String name) {
        assertThat(environment.remove(name)).as("fixture variable %s", name).isNotNull();
        return this;
    }

    ConfigFixture file(String relativePath, String content) {
        Path file = directory.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Path directory() {
        return directory;
    }

    Path configFile() {
        return directory.resolve(FILE_NAME);
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** The 1-based line of the one line that contains {@code text}. */
    int lineOf(String text) {
        List<String> lines = yaml.lines().toList();
        List<Integer> matches = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                matches.add(i + 1);
            }
        }
        assertThat(matches).as("lines containing %s", text).hasSize(1);
        return matches.getFirst();
    }

    TokenServerConfig load() {
        try {
            Files.writeString(configFile(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return TokenServerConfig.load(configFile(), environment());
    }

    /** Loads, expecting a refusal, and returns assertions on it. */
    Refusal refused() {
        Throwable thrown = catchThrowable(this::load);
        assertThat(thrown).as("loading is refused").isInstanceOf(ConfigException.class);
        return new Refusal((ConfigException) thrown);
    }

    static String resource(String name) {
        try (InputStream in = ConfigFixture.class.getClassLoader().getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Assertions on a {@link ConfigException}: where it points and what it says. */
    final class Refusal {

        private final ConfigException exception;

        private Refusal(ConfigException exception) {
            this.exception = exception;
        }

        ConfigException exception() {
            return exception;
        }

        /** The message names {@code keyPath}, and so does {@link ConfigException#keyPath()}. */
        Refusal atKey(String keyPath) {
            assertThat(exception.keyPath()).contains(keyPath);
            assertThat(exception).hasMessageContaining(keyPath)
                    .hasMessageContaining(configFile().toString());
            return this;
        }

        /** The message quotes the bad value. */
        Refusal withValue(String value) {
            assertThat(exception).hasMessageContaining("'" + value + "'");
            return this;
        }

        /** The line is the one line of the file that contains {@code text}. */
        Refusal atLineOf(String text) {
            int line = lineOf(text);
            assertThat(exception.line()).hasValue(line);
            assertThat(exception).hasMessageContaining(", line " + line + ":");
            return this;
        }

        Refusal mentioning(String... texts) {
            for (String text : texts) {
                assertThat(exception).hasMessageContaining(text);
            }
            return this;
        }

        Refusal notMentioning(String... texts) {
            for (String text : texts) {
                assertThat(exception).hasMessageNotContaining(text);
            }
            return this;
        }
    }
}
