package io.apisec.tokenserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer, the public listener and the admin listener. */
class ServerConfigValidationTest {

    private static final String TLS_BLOCK = """
              tls:
                certificate: certs/server.pem
                private-key: certs/server-key.pem
            """;

    @TempDir
    Path directory;

    private ConfigFixture full() {
        return ConfigFixture.full(directory);
    }

    /** Plain HTTP on 127.0.0.1, no TLS block. */
    private ConfigFixture plainHttp() {
        return full().replace(TLS_BLOCK, "").replace("  host: 0.0.0.0", "  host: 127.0.0.1")
                .replace("plain-http: false", "plain-http: true");
    }

    @Test
    void missingIssuerIsRefused() {
        full().replace("issuer: https://auth.example.test\n", "").refused()
                .atKey("issuer")
                .mentioning("is required");
    }

    @Test
    void issuerThatIsNotAUrlIsRefused() {
        full().replace("issuer: https://auth.example.test", "issuer: \"https://auth example\"").refused()
                .atKey("issuer")
                .withValue("https://auth example")
                .atLineOf("issuer:");
    }

    @Test
    void relativeIssuerIsRefused() {
        full().replace("issuer: https://auth.example.test", "issuer: auth.example.test").refused()
                .atKey("issuer")
                .withValue("auth.example.test")
                .atLineOf("issuer:")
                .mentioning("absolute https URL");
    }

    @Test
    void issuerWithQueryIsRefused() {
        full().replace("issuer: https://auth.example.test", "issuer: https://auth.example.test/?tenant=a").refused()
                .atKey("issuer")
                .withValue("https://auth.example.test/?tenant=a")
                .mentioning("no query or fragment");
    }

    @Test
    void issuerPathThatARouterCouldReadAsAPatternOrADotSegmentIsRefused() {
        for (String issuer : new String[] {"https://auth.example.test/:tenant", "https://auth.example.test/a*",
                "https://auth.example.test/a/../b", "https://auth.example.test/%2e%2e", "https://auth.example.test/a//b"}) {
            full().replace("issuer: https://auth.example.test", "issuer: " + issuer).refused()
                    .atKey("issuer")
                    .withValue(issuer)
                    .mentioning("between slashes");
        }
    }

    @Test
    void issuerWithAPlainPathIsAccepted() {
        assertThat(full().replace("issuer: https://auth.example.test", "issuer: https://auth.example.test/tenant-a/")
                .load().issuerPath()).isEqualTo("/tenant-a");
        assertThat(full().load().issuerPath()).isEmpty();
    }

    @Test
    void issuerWithFragmentIsRefused() {
        full().replace("issuer: https://auth.example.test", "issuer: https://auth.example.test/#top").refused()
                .atKey("issuer")
                .withValue("https://auth.example.test/#top");
    }

    @Test
    void httpIssuerIsRefusedWithTls() {
        full().replace("issuer: https://auth.example.test", "issuer: http://localhost:8443").refused()
                .atKey("issuer")
                .withValue("http://localhost:8443")
                .atLineOf("issuer:")
                .mentioning("plain-http");
    }

    @Test
    void httpIssuerIsAcceptedOnLoopbackWithPlainHttp() {
        TokenServerConfig config = plainHttp()
                .replace("issuer: https://auth.example.test", "issuer: http://127.0.0.1:8443").load();

        assertThat(config.issuer()).isEqualTo(URI.create("http://127.0.0.1:8443"));
        assertThat(config.server().plainHttp()).isTrue();
        assertThat(config.server().tls()).isEmpty();
    }

    @Test
    void httpIssuerOnANonLoopbackHostIsRefusedEvenWithPlainHttp() {
        plainHttp().replace("issuer: https://auth.example.test", "issuer: http://auth.example.test").refused()
                .atKey("issuer")
                .withValue("http://auth.example.test")
                .mentioning("loopback");
    }

    @Test
    void portOutOfRangeIsRefused() {
        full().replace("  port: 9443", "  port: 70000").refused()
                .atKey("server.port")
                .withValue("70000")
                .atLineOf("port: 70000")
                .mentioning("from 0 to 65535");
    }

    @Test
    void portThatIsNotANumberIsRefused() {
        full().replace("  port: 9443", "  port: https").refused()
                .atKey("server.port")
                .withValue("https")
                .atLineOf("port: https");
    }

    @Test
    void portZeroIsAcceptedForTests() {
        assertThat(full().replace("  port: 9443", "  port: 0").load().server().port()).isZero();
    }

    @Test
    void hostThatIsNotAHostNameIsRefused() {
        full().replace("  host: 0.0.0.0", "  host: \"auth server\"").refused()
                .atKey("server.host")
                .withValue("auth server")
                .atLineOf("host: \"auth server\"");
    }

    @Test
    void plainHttpOnANonLoopbackHostIsRefused() {
        full().replace(TLS_BLOCK, "").replace("plain-http: false", "plain-http: true").refused()
                .atKey("server.plain-http")
                .withValue("true")
                .atLineOf("plain-http: true")
                .mentioning("loopback", "'0.0.0.0'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "localhost", "\"::1\"", "\"[::1]\""})
    void plainHttpIsAcceptedOnEveryLoopbackForm(String host) {
        ServerConfig server = plainHttp().replace("  host: 127.0.0.1\n  port: 9443", "  host: " + host + "\n  port: 9443")
                .load().server();

        assertThat(server.plainHttp()).isTrue();
    }

    @Test
    void plainHttpTogetherWithTlsIsRefused() {
        full().replace("  host: 0.0.0.0", "  host: 127.0.0.1").replace("plain-http: false", "plain-http: true").refused()
                .atKey("server.tls")
                .atLineOf("  tls:")
                .mentioning("must not be set");
    }

    @Test
    void missingTlsWithoutPlainHttpIsRefused() {
        full().replace(TLS_BLOCK, "").refused()
                .atKey("server.tls")
                .mentioning("is required");
    }

    @Test
    void missingCertificateFileIsRefusedNamingIt() {
        full().replace("certificate: certs/server.pem", "certificate: certs/absent.pem").refused()
                .atKey("server.tls.certificate")
                .atLineOf("certificate:")
                .mentioning("absent.pem", "does not exist");
    }

    @Test
    void privateKeyFileThatIsNotPemIsRefusedWithoutShowingIt() {
        ConfigFixture fixture = full().file("certs/server-key.pem", "not-a-pem-secret-bytes");

        fixture.refused()
                .atKey("server.tls.private-key")
                .atLineOf("private-key:")
                .mentioning("not a PEM file")
                .notMentioning("not-a-pem-secret-bytes");
    }

    @Test
    void maxBodyBytesBelowTheMinimumIsRefused() {
        full().replace("max-body-bytes: 32768", "max-body-bytes: 100").refused()
                .atKey("server.max-body-bytes")
                .withValue("100")
                .atLineOf("max-body-bytes:")
                .mentioning("from 1024 to 1048576");
    }

    @Test
    void adminPortOutOfRangeIsRefused() {
        full().replace("  port: 9444", "  port: -1").refused()
                .atKey("admin.port")
                .withValue("-1")
                .atLineOf("port: -1");
    }

    @Test
    void adminPortEqualToTheServerPortIsRefused() {
        full().replace("  port: 9444", "  port: 9443").refused()
                .atKey("admin.port")
                .withValue("9443")
                .mentioning("server.port");
    }

    @Test
    void revocationNoticesNeedARedisUrlWithoutCredentialsAndAPlainChannel() {
        full().replace("admin:", "revocation-notices:\n  redis-url: redis://user:pw@redis:6379\nadmin:").refused()
                .atKey("revocation-notices.redis-url")
                .mentioning("without credentials");
        full().replace("admin:", "revocation-notices:\n  channel: x\nadmin:").refused()
                .atKey("revocation-notices.redis-url")
                .mentioning("is required");
        full().replace("admin:", "revocation-notices:\n  redis-url: redis://r:6379\n  channel: a b\nadmin:")
                .refused()
                .atKey("revocation-notices.channel");
    }
}
