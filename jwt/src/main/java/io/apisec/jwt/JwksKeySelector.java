package io.apisec.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Selects the verification keys for a token's header: only for allow-listed algorithms, only public
 * keys, matched by Nimbus's {@link JWKMatcher#forJWSHeader} (kid, key type, use, algorithm, curve).
 * Unlike Nimbus's {@code JWSVerificationKeySelector}, it also hands over Ed25519 keys (as
 * {@link OkpVerificationKey}), which Nimbus cannot convert to a {@code java.security.Key}; and it notes
 * in the {@link ValidationContext} when no key matched, so the refusal can say why.
 */
final class JwksKeySelector implements JWSKeySelector<SecurityContext> {

    private final Set<JWSAlgorithm> algorithms;
    private final JWKSource<SecurityContext> keySource;

    JwksKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keySource) {
        this.algorithms = algorithms;
        this.keySource = keySource;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!algorithms.contains(header.getAlgorithm())) {
            return List.of();
        }
        JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
        List<Key> keys = new ArrayList<>();
        if (matcher != null) {
            for (JWK jwk : keySource.get(new JWKSelector(matcher), context)) {
                addPublicKey(jwk, keys);
            }
        }
        if (keys.isEmpty() && context instanceof ValidationContext validation) {
            validation.markNoMatchingKey();
        }
        return keys;
    }

    private static void addPublicKey(JWK jwk, List<Key> keys) {
        if (jwk instanceof OctetKeyPair okp) {
            keys.add(new OkpVerificationKey(okp.toPublicJWK()));
        } else if (jwk instanceof AsymmetricJWK asymmetric) {
            try {
                keys.add(asymmetric.toPublicKey());
            } catch (com.nimbusds.jose.JOSEException e) {
                // A key the JDK cannot represent cannot verify anything: skip it, as Nimbus does.
            }
        }
    }
}
