package io.apisec.tokenserver.config;

import io.apisec.tokenserver.keys.SigningAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code keys} and {@code tokens} sections. */
class KeysConfigValidationTest {

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    @Test
    void unknownAlgorithmIsRefusedListingTheAcceptedOnes() {
        full().replace("algorithm: ES256", "algorithm: HS256").refused()
                .atKey("keys.algorithm")
                .withValue("HS256")
                .atLineOf("algorithm:")
                .mentioning("RS256, PS256, ES256, EdDSA");
    }

    @Test
    void algorithmIsCaseSensitiveAsInJws() {
        full().replace("algorithm: ES256", "algorithm: eddsa").refused()
                .atKey("keys.algorithm")
                .withValue("eddsa");
    }

    @Test
    void eddsaIsAccepted() {
        assertThat(full().replace("algorithm: ES256", "algorithm: EdDSA").load().keys().algorithm())
                .isEqualTo(SigningAlgorithm.EdDSA);
    }

    @Test
    void durationThatIsNotIso8601IsRefused() {
        full().replace("rotation-period: P14D", "rotation-period: 14d").refused()
                .atKey("keys.rotation-period")
                .withValue("14d")
                .atLineOf("rotation-period:")
                .mentioning("ISO-8601", "P30D");
    }

    @Test
    void durationInMonthsIsRefused() {
        full().replace("rotation-period: P14D", "rotation-period: P1M").refused()
                .atKey("keys.rotation-period")
                .withValue("P1M")
                .mentioning("months and years are not accepted");
    }

    @Test
    void rotationPeriodShorterThanAnHourIsRefused() {
        full().replace("rotation-period: P14D", "rotation-period: PT59M").refused()
                .atKey("keys.rotation-period")
                .withValue("PT59M")
                .atLineOf("rotation-period:")
                .mentioning("at least PT1H");
    }

    @Test
    void prepublishNotShorterThanTheRotationPeriodIsRefused() {
        full().replace("prepublish: PT15M", "prepublish: P14D").refused()
                .atKey("keys.prepublish")
                .withValue("P14D")
                .atLineOf("prepublish:")
                .mentioning("keys.rotation-period");
    }

    @Test
    void zeroOrNegativeDurationIsRefused() {
        full().replace("prepublish: PT15M", "prepublish: PT-15M").refused()
                .atKey("keys.prepublish")
                .withValue("PT-15M")
                .mentioning("longer than zero");
    }

    @Test
    void masterKeyFromAFileIsAccepted() {
        KeysConfig keys = full().replace("master-key-env: APISEC_MASTER_KEY", "master-key-file: master.key")
                .file("master.key", ConfigFixture.MASTER_KEY + "\n")
                .load().keys();

        assertThat(keys.masterKey()).contains(Secret.of(ConfigFixture.MASTER_KEY));
    }

    @Test
    void neitherMasterKeyEnvNorFileIsRefusedOutsideDevMode() {
        full().replace("  master-key-env: APISEC_MASTER_KEY\n", "").refused()
                .atKey("keys.master-key-env")
                .mentioning("is required", "master-key-file", "dev-mode");
    }

    @Test
    void devModeAllowsNoMasterKey() {
        KeysConfig keys = full().replace("  master-key-env: APISEC_MASTER_KEY\n", "")
                .replace("dev-mode: false", "dev-mode: true")
                .load().keys();

        assertThat(keys.devMode()).isTrue();
        assertThat(keys.masterKey()).isEmpty();
    }

    @Test
    void bothMasterKeyEnvAndFileAreRefused() {
        full().replace("master-key-env: APISEC_MASTER_KEY", "master-key-env: APISEC_MASTER_KEY\n  master-key-file: m.key")
                .refused()
                .atKey("keys.master-key-file")
                .atLineOf("master-key-file:")
                .mentioning("exactly one");
    }

    @Test
    void masterKeyVariableThatIsNotSetIsRefusedNamingIt() {
        full().withoutEnv("APISEC_MASTER_KEY").refused()
                .atKey("keys.master-key-env")
                .withValue("APISEC_MASTER_KEY")
                .atLineOf("master-key-env:")
                .mentioning("is not set");
    }

    @Test
    void masterKeyFileThatIsMissingIsRefusedNamingIt() {
        full().replace("master-key-env: APISEC_MASTER_KEY", "master-key-file: keys/absent.key").refused()
                .atKey("keys.master-key-file")
                .atLineOf("master-key-file:")
                .mentioning("absent.key", "does not exist");
    }

    @Test
    void masterKeyFileThatIsEmptyIsRefusedNamingIt() {
        full().replace("master-key-env: APISEC_MASTER_KEY", "master-key-file: empty.key")
                .file("empty.key", "\n")
                .refused()
                .atKey("keys.master-key-file")
                .mentioning("empty.key", "is empty");
    }

    @Test
    void masterKeyOfTheWrongLengthIsRefusedWithoutShowingIt() {
        String sixteenBytes = "AAECAwQFBgcICQoLDA0ODw==";

        full().env("APISEC_MASTER_KEY", sixteenBytes).refused()
                .atKey("keys.master-key-env")
                .mentioning("16 bytes, not 32")
                .notMentioning(sixteenBytes);
    }

    @Test
    void masterKeyThatIsNotBase64IsRefusedWithoutShowingIt() {
        String notBase64 = "this is -not- base64 at all!";

        full().env("APISEC_MASTER_KEY", notBase64).refused()
                .atKey("keys.master-key-env")
                .mentioning("not base64")
                .notMentioning(notBase64);
    }

    @Test
    void maxAccessTokenLifetimeThatIsNotADurationIsRefused() {
        full().replace("max-access-token-lifetime: PT30M", "max-access-token-lifetime: 30").refused()
                .atKey("tokens.max-access-token-lifetime")
                .withValue("30")
                .atLineOf("max-access-token-lifetime:");
    }

    @Test
    void tokenBoundsAreBound() {
        TokensConfig tokens = full().load().tokens();

        assertThat(tokens.maxAccessTokenLifetime()).isEqualTo(Duration.ofMinutes(30));
        assertThat(tokens.maxRefreshTokenLifetime()).isEqualTo(Duration.ofDays(7));
    }
}
