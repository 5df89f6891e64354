package io.apisec.tokenserver.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Whether a database already holds every migration this build ships, read from Flyway's own history table
 * with one query. Flyway's migrate scans the class path and validates every script on each start, a third
 * of a restart; when the schema is current there is nothing for it to do, so it runs only when this says
 * otherwise (a new database, a newer build, a failed or unknown migration). What the skip gives up is
 * Flyway's checksum check of scripts already applied: a released migration is never edited (a change is a
 * new version), which is what that check enforces during development, where a new version makes Flyway run.
 */
final class SchemaVersion {

    /** The highest migration in {@code db/migration}: V1 to V{LATEST}, no gaps (a test holds this to the files). */
    static final int LATEST = 8;

    private static final String HISTORY = "flyway_schema_history";

    private SchemaVersion() {
    }

    /** True only when versions 1 to {@link #LATEST}, and no others, are recorded as applied successfully. */
    static boolean isCurrent(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!historyExists(connection)) {
                return false;
            }
            Set<String> applied = new HashSet<>();
            try (var statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT \"version\", \"success\" FROM \"" + HISTORY + "\" WHERE \"version\" IS NOT NULL")) {
                while (rows.next()) {
                    if (!rows.getBoolean(2) || !applied.add(rows.getString(1))) {
                        return false;
                    }
                }
            }
            for (int version = 1; version <= LATEST; version++) {
                if (!applied.remove(Integer.toString(version))) {
                    return false;
                }
            }
            return applied.isEmpty();
        }
    }

    private static boolean historyExists(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet tables = meta.getTables(connection.getCatalog(), connection.getSchema(), HISTORY, null)) {
            return tables.next();
        }
    }
}
