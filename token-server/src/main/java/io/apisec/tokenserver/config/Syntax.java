package io.apisec.tokenserver.config;

import java.util.regex.Pattern;

/** The lexical rules of identifiers in the file: client ids, scope-tokens, audiences and claim names. */
final class Syntax {

    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Visible ASCII without spaces, at most 256 characters: simple names and collision-resistant URIs. */
    static final Pattern CLAIM_NAME = Pattern.compile("[\\x21-\\x7e]{1,256}");
    /** Visible ASCII without spaces: a plain name such as {@code orders-api} or an absolute URI. */
    static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7e]{1,512}");

    private Syntax() {
    }

    /** RFC 6749 section 3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
    static boolean isScopeToken(String scope) {
        return !scope.isEmpty() && scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e));
    }
}
