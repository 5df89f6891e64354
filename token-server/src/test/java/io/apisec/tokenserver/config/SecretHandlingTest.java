package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretHandlingTest {

    private static final String[] ALL_SECRETS = {ConfigFixture.DB_PASSWORD, ConfigFixture.ORDERS_SECRET,
            ConfigFixture.MOBILE_SECRET, ConfigFixture.MASTER_KEY};

    @TempDir
    Path directory;

    @Test
    void secretPrintsMasked() {
        assertThat(Secret.of("s3cret-value")).hasToString("Secret[****]");
    }

    @Test
    void secretIsReachedOnlyThroughReveal() {
        assertThat(Secret.of("s3cret-value").reveal()).isEqualTo("s3cret-value");
    }

    @Test
    void secretsWithTheSameValueAreEqual() {
        assertThat(Secret.of("a-value")).isEqualTo(Secret.of("a-value")).isNotEqualTo(Secret.of("b-value"));
        assertThat(Secret.of("a-value")).hasSameHashCodeAs(Secret.of("b-value"));
    }

    @Test
    void emptySecretIsRefused() {
        assertThatThrownBy(() -> Secret.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadedConfigurationPrintsNoSecret() {
        TokenServerConfig config = ConfigFixture.full(directory).load();

        assertThat(config.toString())
                .contains("Secret[****]")
                .doesNotContain(ALL_SECRETS);
    }

    @Test
    void refusalAfterTheSecretsWereReadHoldsNoSecret() {
        ConfigFixture.full(directory).replace("name: cost-center", "name: tenant").refused()
                .atKey("claims[2].name")
                .notMentioning(ALL_SECRETS);
    }

    @Test
    void refusalOfABadSecretNamesItsSourceNotItsValue() {
        String weak = "weak";

        ConfigException refusal = ConfigFixture.full(directory).env("ORDERS_SERVICE_SECRET", weak).refused()
                .mentioning("ORDERS_SERVICE_SECRET")
                .notMentioning(ALL_SECRETS)
                .exception();

        assertThat(refusal.getMessage()).doesNotContain("'" + weak + "'");
    }
}
