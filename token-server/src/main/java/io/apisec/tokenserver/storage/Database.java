package io.apisec.tokenserver.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The token server's database: a HikariCP pool on an H2 file (the embedded default) or PostgreSQL
 * (several nodes), with the schema brought up to date by Flyway at start (Flyway runs only when the schema is
 * not already current: see {@link SchemaVersion}). The same migrations run on both.
 * All JDBC is blocking: callers run it on worker threads, never on an event loop.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @throws StorageException when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("apisec-token-server");
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("Cannot open the database at " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        try {
            if (SchemaVersion.isCurrent(dataSource)) {
                LOG.info("Database {} at schema version {} (current)", redact(jdbcUrl), SchemaVersion.LATEST);
            } else {
                var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load()
                        .migrate();
                LOG.info("Database {} at schema version {} ({} migration(s) applied)", redact(jdbcUrl),
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StorageException("Cannot migrate the database at " + redact(jdbcUrl) + ": " + e.getMessage(), e);
        }
        return new Database(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** For the readiness check: whether a connection can be had and is valid. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** JDBC URLs may carry a password parameter: keep only what names the database. */
    static String redact(String jdbcUrl) {
        int parameters = jdbcUrl.indexOf('?');
        int semicolon = jdbcUrl.indexOf(';');
        int cut = parameters < 0 ? semicolon : semicolon < 0 ? parameters : Math.min(parameters, semicolon);
        return cut < 0 ? jdbcUrl : jdbcUrl.substring(0, cut);
    }
}
