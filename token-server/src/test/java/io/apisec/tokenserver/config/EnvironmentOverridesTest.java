package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Overrides are passed as a map: these tests never read or change the real environment. */
class EnvironmentOverridesTest {

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    @Test
    void topLevelKeyIsOverridden() {
        TokenServerConfig config = full().env("APISEC_ISSUER", "https://override.example.test").load();

        assertThat(config.issuer()).isEqualTo(URI.create("https://override.example.test"));
    }

    @Test
    void nestedKeyIsOverridden() {
        TokenServerConfig config = full()
                .env("APISEC_SERVER_PORT", "9555")
                .env("APISEC_KEYS_ROTATION_PERIOD", "P7D")
                .load();

        assertThat(config.server().port()).isEqualTo(9555);
        assertThat(config.keys().rotationPeriod()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void keyTwoLevelsDownIsOverridden() {
        ConfigFixture fixture = full().file("other/cert.pem", ConfigFixture.CERTIFICATE_PEM)
                .env("APISEC_SERVER_TLS_CERTIFICATE", "other/cert.pem");

        TokenServerConfig config = fixture.load();

        assertThat(config.server().tls().orElseThrow().certificate())
                .isEqualTo(fixture.directory().resolve("other/cert.pem"));
    }

    @Test
    void listEntryKeyIsOverriddenByIndex() {
        TokenServerConfig config = full().env("APISEC_CLIENTS_2_ACCESS_TOKEN_LIFETIME", "PT1M").load();

        assertThat(config.clients().get(2).accessTokenLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.clients().get(0).accessTokenLifetime()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void keyAbsentFromTheListEntryCanBeSet() {
        TokenServerConfig config = full().env("APISEC_CLIENTS_1_ACCESS_TOKEN_LIFETIME", "PT7M").load();

        assertThat(config.clients().get(1).accessTokenLifetime()).isEqualTo(Duration.ofMinutes(7));
    }

    @Test
    void keyOfASectionAbsentFromTheFileCanBeSet() {
        TokenServerConfig config = ConfigFixture.minimal(directory)
                .env("APISEC_STORAGE_URL", "jdbc:postgresql://db.example.test/apisec")
                .env("APISEC_ADMIN_PORT", "9999")
                .load();

        assertThat(config.storage().url()).isEqualTo("jdbc:postgresql://db.example.test/apisec");
        assertThat(config.admin().port()).isEqualTo(9999);
    }

    @Test
    void booleanKeyIsOverridden() {
        TokenServerConfig config = full().env("APISEC_CLIENTS_2_INTROSPECTION", "false").load();

        assertThat(config.clients().get(2).introspection()).isFalse();
    }

    @Test
    void badOverrideIsRefusedNamingTheVariableAndValue() {
        ConfigException refusal = full().env("APISEC_SERVER_PORT", "nine").refused()
                .atKey("server.port")
                .withValue("nine")
                .mentioning("environment variable APISEC_SERVER_PORT")
                .exception();

        assertThat(refusal.line()).as("an overridden value has no line in the file").isEmpty();
    }

    @Test
    void overriddenValueIsValidatedAcrossKeysLikeTheFile() {
        full().env("APISEC_CLIENTS_2_NETWORK", "external").refused()
                .atKey("clients[2].token-format")
                .withValue("jwt")
                .mentioning("external");
    }

    @Test
    void overrideOfAListEntryTheFileDoesNotHaveIsRefused() {
        full().env("APISEC_CLIENTS_5_ID", "ghost").refused()
                .atKey("clients")
                .mentioning("APISEC_CLIENTS_5_ID", "clients[5]", "3 entries");
    }

    @Test
    void variablesThatNameNoKeyAreNotOverrides() {
        TokenServerConfig config = full()
                .env("APISEC_SOMETHING_ELSE", "1")
                .env("apisec_server_port", "1")
                .env("SERVER_PORT", "1")
                .load();

        assertThat(config.server().port()).isEqualTo(9443);
    }

    @Test
    void overridableVariablesComeFromTheSchemaScalarKeys() {
        assertThat(EnvironmentOverrides.variables())
                .contains("APISEC_ISSUER", "APISEC_SERVER_PLAIN_HTTP", "APISEC_SERVER_TLS_PRIVATE_KEY", "APISEC_SERVER_HEADER_TIMEOUT",
                        "APISEC_KEYS_MASTER_KEY_FILE", "APISEC_STORAGE_PASSWORD_ENV",
                        "APISEC_CLIENTS_<n>_ACCESS_TOKEN_LIFETIME", "APISEC_CLAIMS_<n>_SENSITIVE")
                .doesNotContain("APISEC_SERVER", "APISEC_SERVER_TLS", "APISEC_CLIENTS_<n>_SCOPES",
                        "APISEC_CLIENTS_<n>_ATTRIBUTES")
                .contains("APISEC_REVOCATION_NOTICES_REDIS_URL", "APISEC_REVOCATION_NOTICES_CHANNEL")
                .hasSize(38)
                .doesNotHaveDuplicates();
    }
}
