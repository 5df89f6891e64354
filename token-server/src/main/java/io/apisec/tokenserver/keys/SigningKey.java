package io.apisec.tokenserver.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The decrypted key that signs now, with its Nimbus signer made once (signers are thread-safe).
 * Never logged, never serialized.
 */
public final class SigningKey {

    private final String kid;
    private final SigningAlgorithm algorithm;
    private final JWSSigner signer;

    SigningKey(String kid, SigningAlgorithm algorithm, JWK privateJwk) {
        this.kid = kid;
        this.algorithm = algorithm;
        try {
            this.signer = switch (privateJwk) {
                case RSAKey rsa -> new RSASSASigner(rsa);
                case ECKey ec -> new ECDSASigner(ec);
                case OctetKeyPair okp -> new Ed25519Signer(okp);
                default -> throw new IllegalArgumentException("no signer for key type " + privateJwk.getKeyType());
            };
        } catch (JOSEException e) {
            throw new IllegalArgumentException("key " + kid + " cannot sign: " + e.getMessage(), e);
        }
    }

    public String kid() {
        return kid;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    public JWSSigner signer() {
        return signer;
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + algorithm + "]";
    }
}
