package io.apisec.jwt;

import com.nimbusds.jose.jwk.OctetKeyPair;

import java.security.PublicKey;

/**
 * Carries an Ed25519 public JWK through Nimbus's {@code Key}-based processor to
 * {@link VerifierFactory}, which verifies with Nimbus's {@code Ed25519Verifier}.
 */
final class OkpVerificationKey implements PublicKey {

    private static final long serialVersionUID = 1L;

    private final transient OctetKeyPair jwk;

    OkpVerificationKey(OctetKeyPair jwk) {
        this.jwk = jwk;
    }

    OctetKeyPair jwk() {
        return jwk;
    }

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
