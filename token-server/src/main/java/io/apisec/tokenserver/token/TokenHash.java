package io.apisec.tokenserver.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a token is named wherever it is stored or logged: the hex SHA-256 of the token string. Logs use
 * {@link #logPrefix(String)}, eight hex digits, enough to find the token's row and useless to an attacker.
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String of(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    public static String logPrefix(String tokenHash) {
        return tokenHash.substring(0, 8);
    }
}
