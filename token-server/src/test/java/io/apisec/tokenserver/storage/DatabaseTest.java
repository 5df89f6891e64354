package io.apisec.tokenserver.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
}
