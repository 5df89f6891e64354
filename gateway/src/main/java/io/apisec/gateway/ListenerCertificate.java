package io.apisec.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;

import javax.net.ssl.KeyManager;
import javax.net.ssl.X509KeyManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/** Checks a listener's PEM files before they replace the running ones: readable, and the key fits the certificate. */
final class ListenerCertificate {

    private static final List<String> KEY_TYPES = List.of("EC", "RSA", "EdDSA", "Ed25519");

    private ListenerCertificate() {
    }

    /** @throws IllegalArgumentException saying what is wrong */
    static void check(Vertx vertx, PemKeyCertOptions files) throws Exception {
        X509KeyManager keys = null;
        for (KeyManager manager : files.getKeyManagerFactory(vertx).getKeyManagers()) {
            if (manager instanceof X509KeyManager x509) {
                keys = x509;
            }
        }
        String alias = null;
        for (String type : KEY_TYPES) {
            String[] found = keys == null ? null : keys.getServerAliases(type, null);
            if (found != null && found.length > 0) {
                alias = found[0];
            }
        }
        X509Certificate[] chain = alias == null ? null : keys.getCertificateChain(alias);
        PrivateKey key = alias == null ? null : keys.getPrivateKey(alias);
        if (chain == null || chain.length == 0 || key == null) {
            throw new IllegalArgumentException("expected a certificate chain and its private key (RSA, EC or Ed25519)");
        }
        X509Certificate certificate = chain[0];
        certificate.checkValidity();
        // The key fits the certificate when what it signs the certificate's public key verifies.
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("a " + key.getAlgorithm() + " key is not supported");
        };
        byte[] probe = "apisec certificate check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the private key does not belong to the certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key does not belong to the certificate", e);
        }
    }
}
