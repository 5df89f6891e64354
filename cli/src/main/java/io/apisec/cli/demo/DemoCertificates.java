package io.apisec.cli.demo;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The demo's own certificate authority and the one server certificate it signs, for {@code localhost} and
 * {@code 127.0.0.1}, so that every service speaks HTTPS and verifies the others (and curl verifies them all with
 * {@code --cacert ca.pem}). Kept in the demo folder and made again only when missing or close to expiry.
 */
final class DemoCertificates {

    static final String CA = "ca.pem";
    static final String CERTIFICATE = "server.pem";
    static final String PRIVATE_KEY = "server-key.pem";
    private static final Duration LIFETIME = Duration.ofDays(90);
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    private DemoCertificates() {
    }

    /** @return whether new files were made */
    static boolean ensure(Path dir) throws IOException {
        Path certificate = dir.resolve(CERTIFICATE);
        if (Files.exists(dir.resolve(CA)) && Files.exists(certificate) && Files.exists(dir.resolve(PRIVATE_KEY))
                && validUntil(certificate).isAfter(Instant.now().plus(RENEW_BEFORE))) {
            return false;
        }
        try {
            make(dir);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make the demo's certificates: " + e.getMessage(), e);
        }
        return true;
    }

    private static void make(Path dir) throws GeneralSecurityException, IOException,
            org.bouncycastle.operator.OperatorCreationException {
        KeyPair caKeys = ecKeys();
        KeyPair serverKeys = ecKeys();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=apisec demo CA");
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509CertificateHolder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(LIFETIME)), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
        X509CertificateHolder server = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(LIFETIME)), new X500Name("CN=localhost"),
                serverKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate()));
        // PKCS#8 ("PRIVATE KEY"), which every listener reads, not the EC-specific form a PEM writer picks.
        DemoFiles.writePrivate(dir.resolve(PRIVATE_KEY), pem(new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
        DemoFiles.writePublic(dir.resolve(CERTIFICATE), pem(server) + pem(ca));
        DemoFiles.writePublic(dir.resolve(CA), pem(ca));
        // The CA's private key is not kept: nothing is ever signed with it again.
    }

    private static Instant validUntil(Path certificate) {
        try (var in = Files.newInputStream(certificate)) {
            return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in)).getNotAfter().toInstant();
        } catch (IOException | GeneralSecurityException unreadable) {
            return Instant.MIN;
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(128, new SecureRandom());
    }

    private static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
