package io.apisec.tokenserver.storage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema check on the machine's PostgreSQL, in a schema of its own (services profile; fails when absent). */
@Tag("services")
class PostgresSchemaVersionTest {

    private static final String ADMIN_URL = System.getenv().getOrDefault("APISEC_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");

    @Test
    void aMigratedSchemaIsCurrentAndOneBehindIsMigratedAgain() throws SQLException {
        String schema = "apisec_test_" + UUID.randomUUID().toString().replace("-", "");
        String url = ADMIN_URL + (ADMIN_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            admin("CREATE SCHEMA " + schema);
            try (Database db = Database.open(url, "postgres", null, 2)) {
                assertThat(SchemaVersion.isCurrent(db.dataSource())).isTrue();
            }
            admin("DROP TABLE " + schema + ".used_assertions",
                    "DELETE FROM " + schema + ".flyway_schema_history WHERE version = '" + SchemaVersion.LATEST + "'");
            try (Database db = Database.open(url, "postgres", null, 2)) {
                assertThat(SchemaVersion.isCurrent(db.dataSource())).isTrue();
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT COUNT(*) FROM used_assertions");
                }
            }
        } finally {
            admin("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(ADMIN_URL, "postgres", null); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
