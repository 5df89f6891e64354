package io.apisec.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What a team has to add by hand to verify EdDSA (Ed25519) tokens with a plain Nimbus 10.10
 * {@code DefaultJWTProcessor}: {@code JWSVerificationKeySelector} converts keys with
 * {@code OctetKeyPair.toPublicKey()}, which throws ("Export to java.security.PublicKey not supported"),
 * so it selects nothing, and {@code DefaultJWSVerifierFactory} knows only HMAC, RSA and EC. The key
 * selector below hands the matching public OKP through as a {@link Key}; the factory turns it into
 * Nimbus's own {@link Ed25519Verifier}. The signature check is Nimbus's, as on the other algorithms.
 */
final class HandBuiltEd25519 {

    private HandBuiltEd25519() {
    }

    /** Keys matching the header (kid, type, use, curve) in {@code keys}, for EdDSA headers only. */
    static JWSKeySelector<SecurityContext> keySelector(JWKSource<SecurityContext> keys) {
        return (header, context) -> {
            JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || matcher == null) {
                return List.of();
            }
            List<Key> selected = new ArrayList<>();
            for (JWK jwk : keys.get(new JWKSelector(matcher), context)) {
                if (jwk instanceof OctetKeyPair okp && !okp.isPrivate()) {
                    selected.add(new OkpKey(okp));
                }
            }
            return selected;
        };
    }

    /** Nimbus's factory, plus Ed25519 for the keys {@link #keySelector} selects. */
    static DefaultJWSVerifierFactory verifierFactory() {
        return new DefaultJWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                if (key instanceof OkpKey okp) {
                    if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                        throw new JOSEException("an Ed25519 key verifies only EdDSA signatures");
                    }
                    return new Ed25519Verifier(okp.jwk);
                }
                return super.createJWSVerifier(header, key);
            }
        };
    }

    /** A public OKP carried through Nimbus's {@code Key}-typed processor. */
    private record OkpKey(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "EdDSA";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }
}
