package io.apisec.tokenserver.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @Test
    void embeddedFileDatabaseIsCreatedAndMigratedOnFirstOpen(@TempDir Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("apisec");
        try (Database db = Database.open(url, "sa", "", 2)) {
            assertThat(db.isReachable()).isTrue();
        }
        try (Database reopened = Database.open(url, "sa", "", 2)) {
            assertThat(reopened.isReachable()).as("migrations already applied: reopening works").isTrue();
        }
    }

    @Test
    void unreachableDatabaseFailsWithAMessageWithoutItsPassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "u", "hunter2", 1))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void latestSchemaVersionNamesTheLastOfContiguousMigrations() throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(DatabaseTest.class.getResource("/db/migration").toURI());
        List<Integer> versions;
        try (Stream<Path> files = Files.list(folder)) {
            versions = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.+\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toList();
        }
        assertThat(versions).as("update SchemaVersion.LATEST with each migration")
                .isEqualTo(IntStream.rangeClosed(1, SchemaVersion.LATEST).boxed().toList());
    }

    @Test
    void aCurrentSchemaIsRecognisedAndAnythingElseIsMigrated(@TempDir Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("apisec");
        try (Database db = Database.open(url, "sa", "", 2)) {
            assertThat(SchemaVersion.isCurrent(db.dataSource())).isTrue();
            // A database one migration behind this build: the last migration undone.
            execute(db, "DROP TABLE used_assertions",
                    "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '" + SchemaVersion.LATEST + "'");
            assertThat(SchemaVersion.isCurrent(db.dataSource())).isFalse();
        }
        try (Database reopened = Database.open(url, "sa", "", 2)) {
            assertThat(SchemaVersion.isCurrent(reopened.dataSource())).isTrue();
            execute(reopened, "SELECT COUNT(*) FROM used_assertions");
            // A failed migration recorded: not current, so Flyway runs (and refuses, as it should).
            execute(reopened, "UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '1'");
            assertThat(SchemaVersion.isCurrent(reopened.dataSource())).isFalse();
        }
        assertThatThrownBy(() -> Database.open(url, "sa", "", 2)).isInstanceOf(StorageException.class)
                .hasMessageContaining("Cannot migrate");
    }

    @Test
    void aCurrentSchemaIsOpenedWithoutFlyway(@TempDir Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("apisec");
        try (Database db = Database.open(url, "sa", "", 2)) {
            // A checksum Flyway's validation would refuse: only a start that skips Flyway gets past it.
            execute(db, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 42 WHERE \"version\" = '1'");
        }
        try (Database reopened = Database.open(url, "sa", "", 2)) {
            assertThat(reopened.isReachable()).isTrue();
        }
    }

    @Test
    void aNewDatabaseIsNotCurrent(@TempDir Path dir) throws SQLException {
        var h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("empty"));
        assertThat(SchemaVersion.isCurrent(h2)).isFalse();
    }

    private static void execute(Database db, String... statements) throws SQLException {
        try (Connection connection = db.dataSource().getConnection(); var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
