package io.apisec.tokenserver.keys;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key that encrypts signing keys at rest: AES-256-GCM, a fresh 96-bit nonce per encryption, and the
 * key id as associated data, so a ciphertext moved to another row does not decrypt. Its value comes from
 * the environment or a file, never from the database it protects.
 */
public final class MasterKey {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private MasterKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        Arrays.fill(raw, (byte) 0);
    }

    /**
     * @param base64 the standard base64 of 32 random bytes
     * @throws IllegalArgumentException when it is not that; the message never repeats the value
     */
    public static MasterKey fromBase64(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not valid base64; make one with: openssl rand -base64 32");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64 of 32 random bytes), not "
                    + raw.length + "; make one with: openssl rand -base64 32");
        }
        return new MasterKey(raw);
    }

    /** A new random master key, for dev mode. */
    public static MasterKey generate() {
        byte[] raw = new byte[KEY_BYTES];
        RANDOM.nextBytes(raw);
        return new MasterKey(raw);
    }

    /** This key as base64, to store a dev-mode key in its file. */
    String toBase64() {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** Encrypts {@code plaintext} bound to {@code context}: base64 of nonce || ciphertext || tag. */
    public String encrypt(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available on every Java platform", e);
        }
    }

    /**
     * @throws KeyDecryptionException when the ciphertext was altered, belongs to another context, or was
     *                                sealed under another master key
     */
    public byte[] decrypt(String sealed, String context) throws KeyDecryptionException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new KeyDecryptionException("stored key for '" + context + "' is not base64");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new KeyDecryptionException("stored key for '" + context + "' is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new KeyDecryptionException("stored key for '" + context
                    + "' does not decrypt: it was sealed under another master key, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is available on every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[****]";
    }
}
