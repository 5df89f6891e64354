package io.apisec.tokenserver.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** The algorithms the token server signs with, and how to make a key for each. */
public enum SigningAlgorithm {
    RS256(JWSAlgorithm.RS256),
    PS256(JWSAlgorithm.PS256),
    ES256(JWSAlgorithm.ES256),
    EdDSA(JWSAlgorithm.EdDSA);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    /** The spelling in the configuration file, which is the JWS {@code alg} name. */
    public String value() {
        return name();
    }

    public JWSAlgorithm jws() {
        return jws;
    }

    /** A new key pair for this algorithm, with {@code kid}, {@code use: sig} and {@code alg} set. */
    public JWK generate(String kid) {
        try {
            return switch (this) {
                case RS256, PS256 -> new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jws).generate();
                case EdDSA -> new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jws)
                        .generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + this + " key", e);
        }
    }
}
