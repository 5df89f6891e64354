package io.apisec.jwt.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/** Signing keys for tests, each with a kid and the algorithm it signs with. */
public final class TestKeys {

    private TestKeys() {
    }

    public static JWK rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWK ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWK ed25519(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh key for {@code alg}. */
    public static JWK forAlgorithm(JWSAlgorithm alg, String kid) {
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return rsa(kid);
        }
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            return ec(kid);
        }
        if (JWSAlgorithm.Family.ED.contains(alg)) {
            return ed25519(kid);
        }
        throw new IllegalArgumentException("no test key for " + alg);
    }
}
