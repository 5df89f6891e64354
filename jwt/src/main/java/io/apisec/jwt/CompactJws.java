package io.apisec.jwt;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;

import java.text.ParseException;

/**
 * The shape of a compact JWS, checked before Nimbus parses anything: exactly three non-empty
 * segments of the base64url alphabet, and a signature in its one canonical encoding. Nimbus's decoder
 * skips characters outside the alphabet and ignores the spare bits of the last character, so without
 * this check one valid token could be rewritten into many strings that all verify, each costing a
 * signature check and a cache entry of its own.
 */
final class CompactJws {

    private CompactJws() {
    }

    static boolean isWellFormed(String token) {
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot <= firstDot + 1 || secondDot == token.length() - 1
                || token.indexOf('.', secondDot + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c != '.' && !isBase64UrlChar(c)) {
                return false;
            }
        }
        String signature = token.substring(secondDot + 1);
        return Base64URL.encode(new Base64URL(signature).decode()).toString().equals(signature);
    }

    /** Whether {@code token} is an unsecured JWT ({@code alg: none}, empty signature), to name the refusal. */
    static boolean isUnsecured(String token) {
        try {
            return PlainJWT.parse(token) != null;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isBase64UrlChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
