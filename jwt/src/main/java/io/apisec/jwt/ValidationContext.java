package io.apisec.jwt;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.SecurityContext;

import java.util.List;

/** Per-validation scratch space in which the key selector says which keys it found. */
final class ValidationContext implements SecurityContext {

    private boolean noMatchingKey;
    private JWK onlyCandidateKey;

    void candidateKeys(List<JWK> keys) {
        noMatchingKey = keys.isEmpty();
        onlyCandidateKey = keys.size() == 1 ? keys.get(0) : null;
    }

    boolean noMatchingKey() {
        return noMatchingKey;
    }

    /** The one key that could have verified the token, or null when there were none or several. */
    JWK onlyCandidateKey() {
        return onlyCandidateKey;
    }
}
