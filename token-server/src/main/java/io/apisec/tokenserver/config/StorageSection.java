package io.apisec.tokenserver.config;

import java.util.Locale;
import java.util.Optional;

/** Binds {@code storage}: a supported JDBC URL, and a password that comes from the environment, never the URL. */
final class StorageSection {

    static final String DEFAULT_URL = "jdbc:h2:file:./data/apisec";

    private StorageSection() {
    }

    static StorageConfig bind(ConfigObject storage, SecretResolver secrets) {
        String url = storage.text("url").orElse(DEFAULT_URL);
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw storage.error("url", "holds a password (the value is not shown); remove it from the URL and name the"
                    + " environment variable that holds it in " + storage.path("password-env"));
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw storage.error("url", "value " + Quote.of(url) + " is not accepted; expected a JDBC URL starting with"
                    + " jdbc:h2: or jdbc:postgresql:");
        }
        Optional<String> username = storage.text("username");
        Optional<Secret> password = secrets.fromEnvironment(storage, "password-env");
        int poolSize = storage.integer("pool-size", 10, 1, 100);
        return new StorageConfig(url, username, password, poolSize);
    }
}
