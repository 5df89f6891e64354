package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StorageConfigValidationTest {

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    @Test
    void urlOfAnUnsupportedDatabaseIsRefused() {
        full().replace("url: jdbc:postgresql://db.internal:5432/apisec", "url: jdbc:mysql://db.internal/apisec").refused()
                .atKey("storage.url")
                .withValue("jdbc:mysql://db.internal/apisec")
                .atLineOf("url: jdbc:mysql")
                .mentioning("jdbc:h2:", "jdbc:postgresql:");
    }

    @Test
    void urlHoldingAPasswordIsRefusedWithoutShowingIt() {
        full().replace("url: jdbc:postgresql://db.internal:5432/apisec",
                        "url: jdbc:postgresql://db.internal:5432/apisec?user=a&password=hunter2-in-url").refused()
                .atKey("storage.url")
                .atLineOf("url: jdbc:postgresql")
                .mentioning("holds a password", "password-env")
                .notMentioning("hunter2-in-url");
    }

    @Test
    void h2UrlIsAccepted() {
        StorageConfig storage = full().replace("url: jdbc:postgresql://db.internal:5432/apisec",
                "url: jdbc:h2:mem:apisec").load().storage();

        assertThat(storage.url()).isEqualTo("jdbc:h2:mem:apisec");
    }

    @Test
    void passwordVariableThatIsNotSetIsRefusedNamingIt() {
        full().withoutEnv("APISEC_DB_PASSWORD").refused()
                .atKey("storage.password-env")
                .withValue("APISEC_DB_PASSWORD")
                .atLineOf("password-env:")
                .mentioning("is not set");
    }

    @Test
    void passwordVariableThatIsEmptyIsRefusedNamingIt() {
        full().env("APISEC_DB_PASSWORD", "").refused()
                .atKey("storage.password-env")
                .withValue("APISEC_DB_PASSWORD")
                .mentioning("is empty");
    }

    @Test
    void passwordEnvHoldingSomethingOtherThanAVariableNameIsRefused() {
        full().replace("password-env: APISEC_DB_PASSWORD", "password-env: \"p@ss w0rd\"").refused()
                .atKey("storage.password-env")
                .withValue("p@ss w0rd")
                .mentioning("not an environment variable name");
    }

    @Test
    void poolSizeOutOfRangeIsRefused() {
        full().replace("pool-size: 20", "pool-size: 101").refused()
                .atKey("storage.pool-size")
                .withValue("101")
                .atLineOf("pool-size:")
                .mentioning("from 1 to 100");
    }
}
