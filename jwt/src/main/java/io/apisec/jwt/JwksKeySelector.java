package io.apisec.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
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
 * in the {@link ValidationContext} which keys matched, so a refusal can say why and the validation
 * cache can remember the exact key.
 */
final class JwksKeySelector implements JWSKeySelector<SecurityContext> {

    private final Set<JWSAlgorithm> algorithms;
    private final JWKSource<SecurityContext> keySource;
    // JWK -> Java key conversion costs a KeyFactory call; the JWK objects live as long as the cached
    // key set, so remember each conversion by identity until its set is replaced.
    private final Cache<JWK, Key> converted = Caffeine.newBuilder()
            .weakKeys().maximumSize(256).executor(Runnable::run).build();

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
        List<JWK> candidates = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        if (matcher != null) {
            for (JWK jwk : keySource.get(new JWKSelector(matcher), context)) {
                Key key = converted.get(jwk, JwksKeySelector::toPublicKey);
                if (key != null) {
                    candidates.add(jwk);
                    keys.add(key);
                }
            }
        }
        if (context instanceof ValidationContext validation) {
            validation.candidateKeys(candidates);
        }
        return keys;
    }

    private static Key toPublicKey(JWK jwk) {
        try {
            if (jwk instanceof OctetKeyPair okp) {
                return new OkpVerificationKey(okp.toPublicJWK());
            }
            if (jwk instanceof AsymmetricJWK asymmetric) {
                return asymmetric.toPublicKey();
            }
        } catch (JOSEException | RuntimeException e) {
            // A key that cannot be represented (say an Ed25519 x of the wrong length, which Tink
            // refuses with an unchecked exception) cannot verify anything: skip it, as Nimbus does.
        }
        return null;
    }
}
