package io.apisec.tokenserver.oauth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one source of the server's random strings: access and refresh tokens, client secrets, jtis, family
 * ids and key ids. URL-safe base64 without padding, from {@link SecureRandom}.
 */
public final class RandomTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** {@code bytes} random bytes: 32 give a 256-bit token or secret of 43 characters. */
    public static String of(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }
}
