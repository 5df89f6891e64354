package io.apisec.jwt;

import com.nimbusds.jose.proc.SecurityContext;

/** Per-validation scratch space that lets the key selector say why no key was found. */
final class ValidationContext implements SecurityContext {

    private boolean noMatchingKey;

    void markNoMatchingKey() {
        noMatchingKey = true;
    }

    boolean noMatchingKey() {
        return noMatchingKey;
    }
}
