package io.apisec.jwt.jwks;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import io.apisec.jwt.KeySourceUnavailableException;
import io.apisec.jwt.testing.LocalKeys;
import io.apisec.jwt.testing.TestClock;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key source on keys held in process: builder rules, public keys only, failures and health as for a JWKS URL. */
class LocalJwksKeySourceTest {

    private static final JWK K1 = TestKeys.rsa("k1");
    private static final JWK K2 = TestKeys.ec("k2");
    private static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);

    private final TestClock clock = TestClock.atNow();
    private final LocalKeys keys = new LocalKeys(K1);
    private JwksKeySource source;

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private JwksKeySource open() {
        source = JwksKeySource.builder().localKeys(keys).clock(clock).build();
        return source;
    }

    private static JWKSelector byKid(String kid) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
    }

    @Test
    void buildWhenLocalKeysAndAJwksUrlAreSetThenRefusedNamingBoth() {
        assertThatThrownBy(() -> JwksKeySource.builder().localKeys(keys).jwksUri("https://a.example/jwks").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("jwksUri / issuer / localKeys: set exactly one")
                .hasMessageEndingWith("jwksUri and localKeys are set");
    }

    @Test
    void buildWhenLocalKeysAndAnIssuerAreSetThenRefusedNamingBoth() {
        assertThatThrownBy(() -> JwksKeySource.builder().localKeys(keys).issuer(URI.create("https://a.example")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("jwksUri / issuer / localKeys: set exactly one")
                .hasMessageEndingWith("issuer and localKeys are set");
    }

    @Test
    void buildWhenNoKeyLocationIsSetThenRefusedNamingAllThree() {
        assertThatThrownBy(() -> JwksKeySource.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("jwksUri / issuer / localKeys: set exactly one")
                .hasMessageEndingWith("none is set");
    }

    @Test
    void buildWhenLocalKeysComeWithAnSslContextThenRefused() {
        assertThatThrownBy(() -> JwksKeySource.builder().localKeys(keys)
                .sslContext(TestTls.get().clientContext()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("sslContext");
    }

    @Test
    void localKeysHaveNoIssuerAndAreNotReadBeforeFirstUse() {
        JwksKeySource local = open();

        assertThat(local.issuer()).isEmpty();
        assertThat(keys.reads()).isZero();
    }

    @Test
    void privateKeyPartsNeverComeOut() throws Exception {
        assertThat(K1.isPrivate()).as("the supplier hands over the private key").isTrue();
        JwksKeySource local = open();

        List<JWK> held = local.get(byKid("k1"), null);

        assertThat(held).hasSize(1).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(held.get(0)).isEqualTo(K1.toPublicJWK());
        assertThat(local.currentKey("k1")).hasValueSatisfying(k -> assertThat(k.isPrivate()).isFalse());
    }

    @Test
    void symmetricKeysAreNeverServed() throws Exception {
        JWK secret = new OctetSequenceKey.Builder(Base64URL.encode("secret-secret-secret-secret-secret")).keyID("h").build();
        keys.serve(K1, secret);
        JwksKeySource local = open();

        assertThat(local.get(byKid("h"), null)).isEmpty();
        assertThat(local.status().keysHeld()).isEqualTo(1);
    }

    @Test
    void rotatedKeysAreReadAgainWhenTheCacheExpires() throws Exception {
        JwksKeySource local = open();
        List<Set<String>> removals = new ArrayList<>();
        local.addKeySetListener((added, removed) -> removals.add(removed));
        local.load();

        keys.serve(K2);
        clock.advance(CACHE_TTL.minusMinutes(1));
        assertThat(local.currentKey("k2")).as("the cached set is used until it expires").isEmpty();
        assertThat(keys.reads()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(local.currentKey("k2")).isPresent();
        assertThat(local.currentKey("k1")).isEmpty();
        assertThat(keys.reads()).isEqualTo(2);
        assertThat(removals).containsExactly(Set.of(), Set.of("k1"));
    }

    @Test
    void unknownKidIsReadAgainAtMostOncePerInterval() throws Exception {
        JwksKeySource local = open();
        local.load();

        assertThat(local.get(byKid("k2"), null)).isEmpty();
        assertThat(local.get(byKid("k2"), null)).isEmpty();
        assertThat(keys.reads()).isEqualTo(2);

        keys.serve(K1, K2);
        clock.advance(Duration.ofSeconds(30));
        assertThat(local.get(byKid("k2"), null)).hasSize(1);
        assertThat(keys.reads()).isEqualTo(3);
    }

    @Test
    void emptyOrUnusableKeySetIsAFailedReadThatKeepsTheLastGoodKeys() throws Exception {
        JwksKeySource local = open();
        local.load();

        keys.serve(new JWKSet());
        clock.advance(CACHE_TTL.plusSeconds(1));
        assertThat(local.currentKey("k1")).as("still served within the outage bound").isPresent();
        assertThat(local.status().health()).isEqualTo(JwksStatus.Health.DEGRADED);
        assertThat(local.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("no public"));

        keys.serve((JWKSet) null);
        clock.advance(CACHE_TTL.plusSeconds(1));
        assertThat(local.currentKey("k1")).isPresent();
        assertThat(local.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("no key set"));
    }

    @Test
    void supplierThatThrowsBeforeAnySetIsHeldIsAKeySourceFailure() {
        keys.fail(new IllegalStateException("signing keys not loaded yet"));
        JwksKeySource local = open();

        assertThatThrownBy(local::load).isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining("in-process keys").hasMessageContaining("signing keys not loaded yet");
        JwksStatus status = local.status();
        assertThat(status.health()).isEqualTo(JwksStatus.Health.DOWN);
        assertThat(status.fetches()).isEqualTo(1);
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.lastError()).contains("IllegalStateException: signing keys not loaded yet");
    }

    @Test
    void supplierThatThrowsLaterKeepsTheLastGoodSetUpToTheOutageBound() throws Exception {
        JwksKeySource local = open();
        local.load();

        keys.fail(new IllegalStateException("key store closed"));
        clock.advance(CACHE_TTL.plusSeconds(1));
        assertThat(local.currentKey("k1")).isPresent();
        assertThat(local.status().health()).isEqualTo(JwksStatus.Health.DEGRADED);
        assertThat(local.status().failures()).isEqualTo(1);

        clock.advance(OUTAGE_TOLERANCE);
        assertThatThrownBy(() -> local.currentKey("k1")).isInstanceOf(KeySourceUnavailableException.class)
                .hasMessageContaining("in-process keys");
        assertThat(local.status().health()).isEqualTo(JwksStatus.Health.DOWN);

        keys.serve(K1);
        clock.advance(CACHE_TTL.plusSeconds(1));
        assertThat(local.currentKey("k1")).as("recovers at the next read").isPresent();
        assertThat(local.status().health()).isEqualTo(JwksStatus.Health.UP);
    }

    @Test
    void statusReportsTheLocalKeys() throws Exception {
        keys.serve(K1, K2);
        JwksKeySource local = open();

        JwksStatus before = local.status();
        assertThat(before.health()).isEqualTo(JwksStatus.Health.DOWN);
        assertThat(before.fetches()).isZero();
        assertThat(before.lastSuccess()).isEmpty();

        local.load();
        clock.advance(Duration.ofSeconds(90));
        JwksStatus after = local.status();

        assertThat(after.health()).isEqualTo(JwksStatus.Health.UP);
        assertThat(after.fetches()).isEqualTo(1);
        assertThat(after.failures()).isZero();
        assertThat(after.keysHeld()).isEqualTo(2);
        assertThat(after.lastSuccess()).contains(clock.instant().minusSeconds(90));
        assertThat(after.age()).isEqualTo(Duration.ofSeconds(90));
        assertThat(after.lastError()).isEmpty();
    }
}
