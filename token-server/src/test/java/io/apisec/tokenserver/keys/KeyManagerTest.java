package io.apisec.tokenserver.keys;

import com.nimbusds.jose.jwk.JWK;
import io.apisec.jwt.testing.TestClock;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key lifecycle on a real (H2) database, with the clock moved by hand. */
class KeyManagerTest {

    private static final Duration ROTATION = Duration.ofDays(30);
    private static final Duration PREPUBLISH = Duration.ofMinutes(10);
    private static final Duration MAX_TOKEN = Duration.ofHours(1);

    private final TestClock clock = TestClock.atNow();
    private final MasterKey master = MasterKey.generate();
    private Database database;
    private JdbcSigningKeyRepository repository;
    private KeyManager keys;

    @BeforeEach
    void open() {
        database = Database.open(TestServers.memoryDatabase("keys"), "sa", "", 2);
        repository = new JdbcSigningKeyRepository(database.dataSource());
        keys = manager(SigningAlgorithm.RS256, master);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private KeyManager manager(SigningAlgorithm algorithm, MasterKey masterKey) {
        return new KeyManager(repository, masterKey, new RotationPolicy(algorithm, ROTATION, PREPUBLISH, MAX_TOKEN), clock);
    }

    @Test
    void firstStartCreatesACurrentKeyAndPublishesOnlyItsPublicHalf() throws Exception {
        keys.maintain();

        assertThat(keys.isReady()).isTrue();
        assertThat(keys.publicKeys().getKeys()).hasSize(1)
                .allSatisfy(k -> assertThat(k.isPrivate()).isFalse())
                .extracting(JWK::getKeyID).containsExactly(keys.currentKey().kid());
    }

    @Test
    void privateKeyIsStoredOnlyEncrypted() throws Exception {
        keys.maintain();

        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT public_jwk, private_key_enc FROM signing_keys")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("public_jwk")).doesNotContain("\"d\"");
            String sealed = rs.getString("private_key_enc");
            // Ciphertext, base64: neither the JWK's JSON nor, once decoded, its member names.
            assertThat(sealed).matches("[A-Za-z0-9+/=]+");
            assertThat(new String(java.util.Base64.getDecoder().decode(sealed), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("\"kty\"").doesNotContain("\"d\"");
        }
    }

    @Test
    void nextKeyIsPublishedOnePrepublishPeriodBeforeItSigns() throws Exception {
        keys.maintain();
        String first = keys.currentKey().kid();

        clock.advance(ROTATION.minus(PREPUBLISH).minusSeconds(1));
        keys.maintain();
        assertThat(keys.publicKeys().getKeys()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        keys.maintain();
        assertThat(keys.publicKeys().getKeys()).hasSize(2);
        assertThat(keys.currentKey().kid()).as("the next key is published but does not sign yet").isEqualTo(first);

        clock.advance(PREPUBLISH);
        keys.maintain();
        String second = keys.currentKey().kid();
        assertThat(second).isNotEqualTo(first);
        assertThat(keys.stateOf(first)).isEqualTo(KeyRing.State.RETIRED);
        assertThat(keys.publicKeys().getKeyByKeyId(first)).as("retired, still published").isNotNull();
    }

    @Test
    void retiredKeyIsRemovedOnceEveryTokenItSignedHasExpired() throws Exception {
        keys.maintain();
        String first = keys.currentKey().kid();
        clock.advance(ROTATION.minus(PREPUBLISH));
        keys.maintain();
        clock.advance(PREPUBLISH);
        keys.maintain();

        clock.advance(MAX_TOKEN.plus(KeyRing.RETENTION_GRACE).minusSeconds(1));
        keys.maintain();
        assertThat(keys.publicKeys().getKeyByKeyId(first)).isNotNull();

        clock.advance(Duration.ofSeconds(1));
        keys.maintain();
        assertThat(keys.publicKeys().getKeyByKeyId(first)).isNull();
        assertThat(repository.findAll()).extracting(StoredKey::kid).doesNotContain(first);
    }

    @Test
    void theNextKeySignsFromItsActivationTimeEvenBeforeTheNextMaintenance() throws Exception {
        keys.maintain();
        StoredKey next = keys.rotate();

        clock.advance(PREPUBLISH.minusMillis(1));
        assertThat(keys.currentKey().kid()).isNotEqualTo(next.kid());
        clock.advance(java.time.Duration.ofMillis(1));
        assertThat(keys.currentKey().kid()).as("no maintain() in between").isEqualTo(next.kid());
    }

    @Test
    void manualRotationPublishesANewKeyThatSignsAfterThePrepublishPeriod() throws Exception {
        keys.maintain();
        String first = keys.currentKey().kid();

        StoredKey next = keys.rotate();
        assertThat(keys.rotate()).as("a second request returns the waiting key").isEqualTo(next);
        assertThat(keys.publicKeys().getKeyByKeyId(next.kid())).isNotNull();
        assertThat(keys.currentKey().kid()).isEqualTo(first);

        clock.advance(PREPUBLISH);
        keys.maintain();
        assertThat(keys.currentKey().kid()).isEqualTo(next.kid());
    }

    @Test
    void revokingTheCurrentKeyReplacesItAtOnceAndUnpublishesIt() throws Exception {
        keys.maintain();
        String compromised = keys.currentKey().kid();

        keys.revoke(compromised);

        assertThat(keys.currentKey().kid()).isNotEqualTo(compromised);
        assertThat(keys.publicKeys().getKeyByKeyId(compromised)).isNull();
    }

    @Test
    void revokingTheCurrentKeyNeverBringsBackTheKeyBeforeIt() throws Exception {
        keys.maintain();
        String first = keys.currentKey().kid();
        keys.rotate();
        clock.advance(PREPUBLISH);
        keys.maintain();
        String second = keys.currentKey().kid();

        keys.revoke(second);

        assertThat(keys.currentKey().kid()).isNotIn(first, second);
        assertThat(keys.publicKeys().getKeyByKeyId(first)).as("still published for the tokens it signed").isNotNull();
        assertThat(keys.publicKeys().getKeyByKeyId(second)).isNull();
        keys.maintain();
        assertThat(keys.currentKey().kid()).isNotIn(first, second);
    }

    @Test
    void twoNodesPreparingTheSameRotationMakeOneKey() throws Exception {
        KeyManager otherNode = manager(SigningAlgorithm.RS256, master);
        keys.maintain();
        otherNode.maintain();
        assertThat(otherNode.currentKey().kid()).isEqualTo(keys.currentKey().kid());

        clock.advance(ROTATION.minus(PREPUBLISH));
        keys.maintain();
        otherNode.maintain();

        assertThat(repository.findAll()).hasSize(2);
        assertThat(otherNode.publicKeys().toJSONObject()).isEqualTo(keys.publicKeys().toJSONObject());
    }

    @Test
    void keysSealedUnderAnotherMasterKeyRefuseToLoad() throws Exception {
        keys.maintain();

        KeyManager wrongMaster = manager(SigningAlgorithm.RS256, MasterKey.generate());

        assertThatThrownBy(wrongMaster::maintain).isInstanceOf(KeyDecryptionException.class);
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void everyAlgorithmMakesAKeyThatSigns(SigningAlgorithm algorithm) throws Exception {
        KeyManager manager = manager(algorithm, master);
        manager.maintain();

        assertThat(manager.currentKey().algorithm()).isEqualTo(algorithm);
        assertThat(manager.currentKey().signer().supportedJWSAlgorithms()).contains(algorithm.jws());
        assertThat(manager.publicKeys().getKeys().get(0).getAlgorithm()).isEqualTo(algorithm.jws());
    }
}
