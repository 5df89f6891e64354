package io.apisec.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;

import java.security.Key;

/** Nimbus's verifier factory, plus Ed25519 through Nimbus's own {@link Ed25519Verifier}. */
final class VerifierFactory extends DefaultJWSVerifierFactory {

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        if (key instanceof OkpVerificationKey okp) {
            if (!Ed25519Verifier.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())) {
                throw new JOSEException("Ed25519 keys verify only EdDSA / Ed25519 signatures");
            }
            return okp.verifier();
        }
        return super.createJWSVerifier(header, key);
    }
}
