package io.apisec.tokenserver.config;

import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.client.ClientAuthMethod;
import io.apisec.tokenserver.keys.SigningAlgorithm;
import io.apisec.tokenserver.claims.ClaimSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenServerConfigLoadTest {

    @TempDir
    Path directory;

    @Test
    void fullFileBindsToTheExpectedRecords() {
        ConfigFixture fixture = ConfigFixture.full(directory);
        Path dir = fixture.directory();

        TokenServerConfig config = fixture.load();

        ClientConfig orders = new ClientConfig("orders-service", ClientAuthMethod.CLIENT_SECRET_BASIC,
                Optional.of(Secret.of(ConfigFixture.ORDERS_SECRET)), Optional.empty(), TokenFormat.OPAQUE,
                Network.EXTERNAL, Set.of(GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN),
                Set.of("orders:read", "orders:write"), List.of("orders-api"), Duration.ofMinutes(10), false,
                Map.of("tenant", "acme", "region", "eu"));
        ClientConfig mobile = new ClientConfig("mobile-app", ClientAuthMethod.CLIENT_SECRET_POST,
                Optional.of(Secret.of(ConfigFixture.MOBILE_SECRET)), Optional.empty(), TokenFormat.SPLIT,
                Network.EXTERNAL, Set.of(GrantType.CLIENT_CREDENTIALS), Set.of("profile:read"), List.of("profile-api"),
                Duration.ofMinutes(5), false, Map.of());
        ClientConfig billing = new ClientConfig("billing-worker", ClientAuthMethod.PRIVATE_KEY_JWT,
                Optional.empty(), Optional.of(URI.create("https://billing.internal/jwks.json")), TokenFormat.JWT,
                Network.INTERNAL, Set.of(GrantType.CLIENT_CREDENTIALS, GrantType.TOKEN_EXCHANGE),
                Set.of("billing:charge", "orders:read"), List.of("billing-api", "orders-api"), Duration.ofMinutes(2),
                true, Map.of());
        TokenServerConfig expected = new TokenServerConfig(
                URI.create("https://auth.example.test"),
                new ServerConfig("0.0.0.0", 9443,
                        Optional.of(new TlsConfig(dir.resolve("certs/server.pem"), dir.resolve("certs/server-key.pem"))),
                        false, 32768, java.time.Duration.ofSeconds(15)),
                new AdminConfig("127.0.0.1", 9444),
                new StorageConfig("jdbc:postgresql://db.internal:5432/apisec", Optional.of("apisec"),
                        Optional.of(Secret.of(ConfigFixture.DB_PASSWORD)), 20),
                new KeysConfig(SigningAlgorithm.ES256, Duration.ofDays(14), Duration.ofMinutes(15),
                        Optional.of(Secret.of(ConfigFixture.MASTER_KEY)), false),
                new TokensConfig(Duration.ofMinutes(30), Duration.ofDays(7)),
                List.of(orders, mobile, billing),
                List.of(new ClaimConfig("tenant", Set.of("orders:read"), ClaimSource.CLIENT_ATTRIBUTE,
                                Optional.of("tenant"), Optional.empty(), Set.of(), false),
                        new ClaimConfig("email", Set.of("profile:read"), ClaimSource.USER_ATTRIBUTE,
                                Optional.of("email"), Optional.empty(), Set.of("profile-api"), false),
                        new ClaimConfig("cost-center", Set.of("billing:charge"), ClaimSource.CONSTANT,
                                Optional.empty(), Optional.of("CC-4711"), Set.of("billing-api"), true)),
                Optional.empty());
        assertThat(config).isEqualTo(expected);
    }

    @Test
    void listsKeepTheOrderOfTheFileAndTheFirstAudienceIsTheDefault() {
        TokenServerConfig config = ConfigFixture.full(directory).load();

        ClientConfig billing = config.client("billing-worker").orElseThrow();
        assertThat(billing.audiences()).containsExactly("billing-api", "orders-api");
        assertThat(billing.defaultAudience()).isEqualTo("billing-api");
        assertThat(billing.scopes()).containsExactly("billing:charge", "orders:read");
        assertThat(config.clients()).extracting(ClientConfig::id)
                .containsExactly("orders-service", "mobile-app", "billing-worker");
    }

    @Test
    void minimalFileGetsEveryDefault() {
        ConfigFixture fixture = ConfigFixture.minimal(directory);

        TokenServerConfig config = fixture.load();

        assertThat(config.server()).isEqualTo(new ServerConfig("127.0.0.1", 8443, Optional.of(new TlsConfig(
                fixture.directory().resolve("certs/server.pem"), fixture.directory().resolve("certs/server-key.pem"))),
                false, 65536, java.time.Duration.ofSeconds(10)));
        assertThat(config.admin()).isEqualTo(new AdminConfig("127.0.0.1", 8444));
        assertThat(config.storage()).isEqualTo(new StorageConfig("jdbc:h2:file:./data/apisec", Optional.empty(),
                Optional.empty(), 10));
        assertThat(config.keys()).isEqualTo(new KeysConfig(SigningAlgorithm.RS256, Duration.ofDays(30),
                Duration.ofMinutes(10), Optional.of(Secret.of(ConfigFixture.MASTER_KEY)), false));
        assertThat(config.tokens()).isEqualTo(new TokensConfig(Duration.ofHours(1), Duration.ofDays(30)));
    }

    @Test
    void clientAndClaimWithoutOptionalKeysGetTheirDefaults() {
        TokenServerConfig config = ConfigFixture.minimal(directory).load();

        ClientConfig client = config.clients().getFirst();
        assertThat(client.tokenFormat()).isEqualTo(TokenFormat.OPAQUE);
        assertThat(client.network()).isEqualTo(Network.EXTERNAL);
        assertThat(client.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(client.introspection()).isFalse();
        assertThat(client.attributes()).isEmpty();
        assertThat(client.scopes()).isEmpty();
        assertThat(client.jwksUri()).isEmpty();
        ClaimConfig claim = config.claims().getFirst();
        assertThat(claim.audiences()).isEmpty();
        assertThat(claim.sensitive()).isFalse();
    }

    @Test
    void fileWithoutClientsOrClaimsHasEmptyLists() {
        TokenServerConfig config = ConfigFixture.minimal(directory)
                .replace("""
                        clients:
                          - id: reporting
                            secret-env: REPORTING_SECRET
                            authentication: client_secret_basic
                            grant-types: [client_credentials]
                            audiences: [reports-api]
                        claims:
                          - name: department
                            scopes: [reports:read]
                            source: constant
                            value: finance
                        """, "")
                .load();

        assertThat(config.clients()).isEmpty();
        assertThat(config.claims()).isEmpty();
    }

    @Test
    void explicitNullMeansTheDefault() {
        TokenServerConfig config = ConfigFixture.full(directory)
                .replace("pool-size: 20", "pool-size: null")
                .replace("max-body-bytes: 32768", "max-body-bytes: ~")
                .load();

        assertThat(config.storage().poolSize()).isEqualTo(10);
        assertThat(config.server().maxBodyBytes()).isEqualTo(65536);
    }

    @Test
    void relativePathsResolveAgainstTheConfigFileDirectoryNotTheWorkingDirectory() {
        TokenServerConfig config = ConfigFixture.full(directory).load();

        assertThat(config.server().tls().orElseThrow().certificate())
                .isAbsolute()
                .isEqualTo(directory.toAbsolutePath().resolve("certs/server.pem"));
    }

    @Test
    void exampleFileShippedWithTheModuleLoads() throws IOException {
        Path example = Path.of("config/token-server.example.yaml");
        ConfigFixture fixture = ConfigFixture.of(directory, Files.readString(example))
                .env("APISEC_MASTER_KEY", ConfigFixture.MASTER_KEY)
                .env("APISEC_DB_PASSWORD", ConfigFixture.DB_PASSWORD)
                .env("ORDERS_SERVICE_SECRET", ConfigFixture.ORDERS_SECRET)
                .env("MOBILE_APP_SECRET", ConfigFixture.MOBILE_SECRET)
                .env("OPS_ADMIN_SECRET", ConfigFixture.REPORTING_SECRET);

        TokenServerConfig config = fixture.load();

        assertThat(config.issuer()).isEqualTo(URI.create("https://auth.example.com"));
        assertThat(config.clients()).extracting(ClientConfig::id)
                .containsExactly("orders-service", "mobile-app", "billing-worker", "ops-admin");
        assertThat(config.claims()).anySatisfy(claim -> assertThat(claim.sensitive()).isTrue());
        assertThat(config.revocationNotices()).contains(new RevocationNoticesConfig("redis://127.0.0.1:6379",
                "apisec:revocations"));
    }

    @Test
    void theReadmesDevelopmentFileLoads() throws IOException {
        ConfigFixture fixture = ConfigFixture.of(directory, Files.readString(Path.of("config/dev.yaml")))
                .env("DEMO_PARTNER_SECRET", ConfigFixture.ORDERS_SECRET)
                .env("DEMO_SERVICE_SECRET", ConfigFixture.MOBILE_SECRET)
                .env("DEMO_GATEWAY_SECRET", ConfigFixture.REPORTING_SECRET)
                .env("DEMO_ADMIN_SECRET", ConfigFixture.REPORTING_SECRET);

        TokenServerConfig config = fixture.load();

        assertThat(config.server().plainHttp()).isTrue();
        assertThat(config.admin().port()).isEqualTo(8081);
        assertThat(config.clients()).extracting(ClientConfig::id)
                .contains("demo-partner", "demo-admin", "demo-gateway", "demo-gateway-admin");
    }

    @Test
    void recordsAreUnmodifiable() {
        TokenServerConfig config = ConfigFixture.full(directory).load();

        ClientConfig client = config.clients().getFirst();
        assertThat(config.clients()).isUnmodifiable();
        assertThat(client.scopes()).isUnmodifiable();
        assertThat(client.audiences()).isUnmodifiable();
        assertThat(client.attributes()).isUnmodifiable();
        assertThat(client.grantTypes()).isUnmodifiable();
        assertThat(config.claims().getFirst().scopes()).isUnmodifiable();
    }
}
