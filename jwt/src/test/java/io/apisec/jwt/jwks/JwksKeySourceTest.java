package io.apisec.jwt.jwks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JWKS client on its own: transport rules, limits, discovery, health and metrics. */
class JwksKeySourceTest {

    private static final JWK K1 = TestKeys.rsa("k1");
    private static final JWK K2 = TestKeys.ec("k2");

    private final TestClock clock = TestClock.atNow();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private JwksServer server(JwksServer server) {
        open.add(server);
        return server;
    }

    private JwksKeySource open(JwksKeySource.Builder builder) {
        JwksKeySource source = builder.clock(clock).build();
        open.add(source);
        return source;
    }

    private JwksKeySource.Builder trusting() {
        return JwksKeySource.builder().sslContext(TestTls.get().clientContext());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://as.example.com/jwks", "http://10.0.0.5/jwks", "http://127.0.0.1.evil.example/jwks",
            "http://localhost.evil.example/jwks", "ftp://127.0.0.1/jwks", "file:///etc/jwks.json", "/relative/jwks"})
    void buildWhenJwksUrlIsNotHttpsOutsideLoopbackThenRefused(String url) {
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri(url).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jwksUri");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://as.example.com/jwks", "http://127.0.0.1:8080/jwks", "http://127.3.2.1/jwks",
            "http://localhost/jwks", "http://[::1]:9000/jwks"})
    void buildWhenJwksUrlIsHttpsOrLoopbackThenAccepted(String url) {
        assertThat(open(JwksKeySource.builder().jwksUri(url))).isNotNull();
    }

    @Test
    void plainHttpOnLoopbackServesKeys() throws Exception {
        JwksServer http = server(JwksServer.plainHttp());
        http.publish(K1);
        JwksKeySource source = open(JwksKeySource.builder().jwksUri(http.jwksUri()));

        assertThat(source.currentKey("k1")).isPresent();
    }

    @Test
    void httpsWithAnUntrustedCertificateIsRefused() {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        JwksKeySource source = open(JwksKeySource.builder().jwksUri(https.jwksUri()));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class);
    }

    @Test
    void oversizedResponseIsRefused() {
        JwksServer https = server(JwksServer.https());
        https.mode(JwksServer.Mode.OVERSIZED);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()).maxResponseBytes(64 * 1024));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class);
        assertThat(source.status().failures()).isEqualTo(1);
    }

    @Test
    void responseThatIsNotAJwksIsRefused() {
        JwksServer https = server(JwksServer.https());
        https.mode(JwksServer.Mode.NOT_JSON);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class);
    }

    @Test
    void endpointThatNeverAnswersTimesOut() {
        JwksServer https = server(JwksServer.https());
        https.mode(JwksServer.Mode.HANG);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()).readTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void privateKeyMaterialInTheJwksIsNeverKept() throws Exception {
        // A misconfigured issuer that publishes its private key: we must not hold on to it.
        JwksServer https = server(JwksServer.https());
        https.publishRaw(new JWKSet(K1).toString(false));
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()));

        List<JWK> held = source.get(new JWKSelector(new JWKMatcher.Builder().keyID("k1").build()), null);

        assertThat(held).hasSize(1).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void emptyOrUnusableKeySetIsAFailedFetchThatKeepsTheLastGoodKeys() throws Exception {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()));
        source.load();

        https.publishRaw("{\"keys\":[]}");
        clock.advance(Duration.ofMinutes(6));
        assertThat(source.currentKey("k1")).as("still served within the outage bound").isPresent();
        assertThat(source.status().health()).isEqualTo(JwksStatus.Health.DEGRADED);
        assertThat(source.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("no public"));

        https.publishRaw("{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"}]}");
        clock.advance(Duration.ofMinutes(6));
        assertThat(source.currentKey("h")).as("a symmetric key is never taken from a JWKS").isEmpty();
        assertThat(source.currentKey("k1")).isPresent();
    }

    @Test
    void redirectsAreNotFollowed() {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        JwksKeySource source = open(trusting().jwksUri(https.baseUri().resolve("/redirect-to-jwks")));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining("302");
        assertThat(https.jwksFetches()).isZero();
    }

    @Test
    void metadataWithControlCharactersCannotForgeLogLines() {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        https.metadataIssuer("https://evil.example\\n2026-11-29 WARN forged line");
        JwksKeySource source = open(trusting().issuer(https.issuer()));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("evil.example?2026"));
    }

    @Test
    void statusReportsHealthAndMetrics() throws Exception {
        JwksServer https = server(JwksServer.https());
        https.publish(K1, K2);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()));

        JwksStatus before = source.status();
        assertThat(before.health()).isEqualTo(JwksStatus.Health.DOWN);
        assertThat(before.fetches()).isZero();
        assertThat(before.lastSuccess()).isEmpty();

        source.load();
        clock.advance(Duration.ofSeconds(90));
        JwksStatus after = source.status();

        assertThat(after.health()).isEqualTo(JwksStatus.Health.UP);
        assertThat(after.fetches()).isEqualTo(1);
        assertThat(after.failures()).isZero();
        assertThat(after.keysHeld()).isEqualTo(2);
        assertThat(after.age()).isEqualTo(Duration.ofSeconds(90));
        assertThat(after.lastError()).isEmpty();
    }

    @Test
    void listenersHearOfAddedAndRemovedKeys() throws Exception {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        JwksKeySource source = open(trusting().jwksUri(https.jwksUri()));
        List<Set<String>> removals = new ArrayList<>();
        source.addKeySetListener((added, removed) -> removals.add(removed));
        source.load();

        https.publish(K2);
        clock.advance(Duration.ofMinutes(6));

        assertThat(source.currentKey("k1")).isEmpty();
        assertThat(source.currentKey("k2")).isPresent();
        assertThat(removals).containsExactly(Set.of(), Set.of("k1"));
    }

    @Test
    void discoversTheJwksFromRfc8414Metadata() throws Exception {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        JwksKeySource source = open(trusting().issuer(https.issuer()));

        assertThat(source.currentKey("k1")).isPresent();
        assertThat(https.hits("/.well-known/oauth-authorization-server/realms/apisec")).isEqualTo(1);
    }

    @Test
    void discoversTheJwksFromOpenIdMetadataWhenRfc8414IsAbsent() throws Exception {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        https.openIdMetadataOnly();
        JwksKeySource source = open(trusting().issuer(https.issuer()));

        assertThat(source.currentKey("k1")).isPresent();
        assertThat(https.hits("/realms/apisec/.well-known/openid-configuration")).isEqualTo(1);
    }

    @Test
    void discoveryRefusesMetadataThatNamesAnotherIssuer() {
        JwksServer https = server(JwksServer.https());
        https.publish(K1);
        https.metadataIssuer("https://evil.example/realms/apisec");
        JwksKeySource source = open(trusting().issuer(https.issuer()));

        assertThatThrownBy(source::load).isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining("evil.example");
        assertThat(https.jwksFetches()).isZero();
    }

    @Test
    void metadataLocationsFollowRfc8414ThenOpenId() {
        IssuerDiscovery discovery = new IssuerDiscovery(URI.create("https://as.example/tenant/a"), null);

        assertThat(discovery.metadataLocations()).containsExactly(
                URI.create("https://as.example/.well-known/oauth-authorization-server/tenant/a"),
                URI.create("https://as.example/tenant/a/.well-known/openid-configuration"));
    }

    @Test
    void buildWhenBothOrNeitherLocationIsSetThenRefused() {
        assertThatThrownBy(() -> JwksKeySource.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jwksUri / issuer");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .issuer(URI.create("https://a.example")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("jwksUri / issuer");
    }

    @Test
    void buildWhenTimingsContradictEachOtherThenRefusedNamingTheSetting() {
        JwksKeySource.Builder base = JwksKeySource.builder().jwksUri("https://a.example/jwks");

        assertThatThrownBy(() -> base.outageTolerance(Duration.ofMinutes(1)).build())
                .hasMessageStartingWith("outageTolerance");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .cacheTtl(Duration.ofSeconds(20)).build())
                .hasMessageStartingWith("unknownKeyRefreshInterval");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .refreshAhead(Duration.ofMinutes(5)).build())
                .hasMessageStartingWith("refreshAhead");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .readTimeout(Duration.ofMinutes(5)).build())
                .hasMessageStartingWith("readTimeout");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .maxResponseBytes(100).build())
                .hasMessageStartingWith("maxResponseBytes");
        assertThatThrownBy(() -> JwksKeySource.builder().jwksUri("https://a.example/jwks")
                .unknownKeyRefreshInterval(Duration.ZERO).build())
                .as("no interval would let made-up kids flood the issuer")
                .hasMessageStartingWith("unknownKeyRefreshInterval");
    }
}
