package io.apisec.tokenserver.keys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Private keys at rest: AES-256-GCM, bound to their kid. */
class MasterKeyTest {

    private final MasterKey master = MasterKey.generate();
    private final byte[] secret = "{\"d\":\"private\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void encryptThenDecryptWithTheSameContextGivesThePlaintext() throws Exception {
        String sealed = master.encrypt(secret, "kid-1");

        assertThat(sealed).doesNotContain("private");
        assertThat(master.decrypt(sealed, "kid-1")).isEqualTo(secret);
    }

    @Test
    void encryptingTwiceGivesDifferentCiphertexts() {
        assertThat(master.encrypt(secret, "kid-1")).isNotEqualTo(master.encrypt(secret, "kid-1"));
    }

    @Test
    void ciphertextMovedToAnotherKidDoesNotDecrypt() {
        String sealed = master.encrypt(secret, "kid-1");

        assertThatThrownBy(() -> master.decrypt(sealed, "kid-2")).isInstanceOf(KeyDecryptionException.class);
    }

    @Test
    void alteredCiphertextDoesNotDecrypt() {
        byte[] bytes = Base64.getDecoder().decode(master.encrypt(secret, "kid-1"));
        bytes[bytes.length - 1] ^= 1;

        assertThatThrownBy(() -> master.decrypt(Base64.getEncoder().encodeToString(bytes), "kid-1"))
                .isInstanceOf(KeyDecryptionException.class);
        assertThatThrownBy(() -> master.decrypt("AAAA", "kid-1")).isInstanceOf(KeyDecryptionException.class);
    }

    @Test
    void anotherMasterKeyCannotDecrypt() {
        String sealed = master.encrypt(secret, "kid-1");

        assertThatThrownBy(() -> MasterKey.generate().decrypt(sealed, "kid-1"))
                .isInstanceOf(KeyDecryptionException.class).hasMessageContaining("another master key");
    }

    @Test
    void masterKeyFromBase64MustBe32BytesAndIsNeverRepeatedInErrors() throws Exception {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.fromBase64(sixteenBytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes").hasMessageNotContaining(sixteenBytes);
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64 !")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64 !");
        MasterKey restored = MasterKey.fromBase64(master.toBase64());
        assertThat(restored.decrypt(master.encrypt(secret, "k"), "k")).isEqualTo(secret);
        assertThat(master.toString()).isEqualTo("MasterKey[****]");
    }
}
