package io.apisec.gateway.phantom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * A shared cache entry: the JWT form of an opaque token, sealed (AES-256-GCM, the JDK's) with a key derived
 * from the opaque token itself (HMAC-SHA256 keyed with the token, over a fixed label), its generation and
 * lifetime bound in as associated data. Whoever reads Redis learns no usable JWT; whoever writes Redis can make
 * an entry open only for a token they already hold, with a JWT they already hold: no entry lets one token pass
 * as another. Written {@code v1.<generation>.<until ms>.<nonce and ciphertext, base64url>}.
 *
 * @param generation the shared cache's generation it was written in
 * @param until      when it stops being served
 * @param sealed     the nonce (12 bytes) and the ciphertext with its tag
 */
record SealedEntry(String generation, Instant until, byte[] sealed) {

    private static final String VERSION = "v1";
    private static final byte[] LABEL = "apisec phantom cache entry v1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_TEXT = 32 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    static SealedEntry seal(String opaqueToken, String hash, String generation, Instant until, String jwt) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, opaqueToken, nonce);
            cipher.updateAAD(associated(hash, generation, until));
            byte[] ciphertext = cipher.doFinal(jwt.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, sealed, NONCE_BYTES, ciphertext.length);
            return new SealedEntry(generation, until, sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The entry in {@code text}, if it is one. */
    static Optional<SealedEntry> parse(String text) {
        if (text == null || text.length() > MAX_TEXT) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !parts[1].matches("\\d{0,19}")) {
            return Optional.empty();
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(parts[3]);
            return sealed.length <= NONCE_BYTES ? Optional.empty()
                    : Optional.of(new SealedEntry(parts[1], Instant.ofEpochMilli(Long.parseLong(parts[2])), sealed));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The JWT, if {@code opaqueToken} is the token this entry was sealed for and nothing was altered. */
    Optional<String> open(String opaqueToken, String hash) {
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, opaqueToken, Arrays.copyOf(sealed, NONCE_BYTES));
            cipher.updateAAD(associated(hash, generation, until));
            byte[] jwt = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return Optional.of(new String(jwt, StandardCharsets.US_ASCII));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return VERSION + "." + generation + "." + until.toEpochMilli() + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    }

    private static Cipher cipher(int mode, String opaqueToken, byte[] nonce) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(opaqueToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(mac.doFinal(LABEL), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return cipher;
    }

    private static byte[] associated(String hash, String generation, Instant until) {
        return (hash + "." + generation + "." + until.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
    }
}
