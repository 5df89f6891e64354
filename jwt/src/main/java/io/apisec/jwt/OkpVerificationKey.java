package io.apisec.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.OctetKeyPair;

import java.security.PublicKey;

/**
 * Carries an Ed25519 public JWK through Nimbus's {@code Key}-based processor to
 * {@link VerifierFactory}, which hands over Nimbus's {@code Ed25519Verifier} for it.
 */
final class OkpVerificationKey implements PublicKey {

    private static final long serialVersionUID = 1L;

    private final transient Ed25519Verifier verifier;

    /** @throws JOSEException when the key is not an Ed25519 public key */
    OkpVerificationKey(OctetKeyPair jwk) throws JOSEException {
        this.verifier = new Ed25519Verifier(jwk);
    }

    /** Nimbus's verifier for this key; immutable and thread-safe, so made once per key. */
    Ed25519Verifier verifier() {
        return verifier;
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
