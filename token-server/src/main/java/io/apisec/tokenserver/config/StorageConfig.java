package io.apisec.tokenserver.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The token server's database.
 *
 * @param url      a JDBC URL starting with {@code jdbc:h2:} or {@code jdbc:postgresql:}, holding no password
 * @param username the database user, if the URL does not imply one
 * @param password read from the environment variable named by {@code storage.password-env}
 * @param poolSize the connection pool size, 1..100
 */
public record StorageConfig(String url, Optional<String> username, Optional<Secret> password, int poolSize) {

    public StorageConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }
}
