package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileParsingTest {

    @TempDir
    Path directory;

    @Test
    void missingFileIsRefusedNamingTheFile() {
        Path missing = directory.resolve("absent.yaml");

        assertThatThrownBy(() -> TokenServerConfig.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void emptyFileIsRefused() {
        ConfigFixture.of(directory, "").refused()
                .mentioning("empty", "issuer");
    }

    @Test
    void yamlSyntaxErrorIsRefusedWithItsLine() {
        ConfigFixture fixture = ConfigFixture.full(directory).replace("  pool-size: 20", "  pool-size: [20");

        ConfigException refusal = fixture.refused().mentioning("not valid YAML").exception();

        assertThat(refusal.line()).isPresent();
        assertThat(refusal.line().getAsInt()).isGreaterThanOrEqualTo(fixture.lineOf("pool-size: [20"));
    }

    @Test
    void topLevelListIsRefused() {
        ConfigFixture.of(directory, "- issuer: https://auth.example.test\n").refused()
                .mentioning("top level must be a mapping");
    }

    @Test
    void secondYamlDocumentIsRefused() {
        ConfigFixture.full(directory).replace("issuer: https://auth.example.test",
                        "issuer: https://auth.example.test\n---\nissuer: https://other.example.test").refused()
                .mentioning("more than one YAML document");
    }

    @Test
    void unknownTopLevelKeyIsRefused() {
        ConfigFixture.full(directory).replace("issuer: https://auth.example.test",
                        "issuer: https://auth.example.test\nisuer: https://typo.example.test").refused()
                .atKey("isuer")
                .atLineOf("isuer:")
                .mentioning("unknown key 'isuer'", "issuer, server, admin");
    }

    @Test
    void unknownNestedKeyIsRefusedListingTheAcceptedKeys() {
        ConfigFixture.full(directory).replace("  pool-size: 20", "  pool_size: 20").refused()
                .atKey("storage.pool_size")
                .atLineOf("pool_size")
                .mentioning("unknown key 'pool_size'", "url, username, password-env, pool-size");
    }

    @Test
    void unknownKeyInAListEntryIsRefused() {
        ConfigFixture.full(directory).replace("    token-format: split", "    token-fromat: split").refused()
                .atKey("clients[1].token-fromat")
                .atLineOf("token-fromat");
    }

    @Test
    void keyGivenTwiceIsRefusedRatherThanOverwritten() {
        ConfigFixture fixture = ConfigFixture.full(directory).replace("  port: 9443", "  port: 9443\n  port: 9445");

        fixture.refused()
                .atKey("server.port")
                .atLineOf("port: 9445")
                .mentioning("appears twice", "line " + fixture.lineOf("port: 9443"));
    }

    @Test
    void mappingWhereAValueIsExpectedIsRefused() {
        ConfigFixture.full(directory).replace("  port: 9443", "  port: {number: 9443}").refused()
                .atKey("server.port")
                .atLineOf("port: {number")
                .mentioning("(a mapping)", "expected an integer");
    }

    @Test
    void valueWhereASectionIsExpectedIsRefused() {
        ConfigFixture.full(directory).replace("""
                tokens:
                  max-access-token-lifetime: PT30M
                  max-refresh-token-lifetime: P7D
                """, "tokens: PT30M\n").refused()
                .atKey("tokens")
                .withValue("PT30M")
                .mentioning("expected a mapping");
    }

    @Test
    void numberWhereAStringIsExpectedIsRefusedAskingForQuotes() {
        ConfigFixture.full(directory).replace("  username: apisec", "  username: 1234").refused()
                .atKey("storage.username")
                .withValue("1234")
                .atLineOf("username: 1234")
                .mentioning("put it in quotes");
    }

    @Test
    void emptyStringIsRefusedRatherThanTakenAsAValue() {
        ConfigFixture.full(directory).replace("  host: 0.0.0.0", "  host: \"\"").refused()
                .atKey("server.host")
                .withValue("")
                .mentioning("non-empty");
    }

    @Test
    void valueWithControlCharactersIsShownEscapedSoItCannotForgeLogLines() {
        ConfigException refusal = ConfigFixture.full(directory)
                .replace("issuer: https://auth.example.test", "issuer: \"https://auth\\nforged log line\"").refused()
                .atKey("issuer")
                .mentioning("'https://auth\\nforged log line'")
                .exception();

        assertThat(refusal.getMessage()).doesNotContain("\n");
    }
}
