package io.apisec.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signature and header rules: what is signed, by which key, with which algorithm. */
class JwtValidatorSignatureTest {

    private static final JWK RSA = TestKeys.rsa("rsa-1");
    private static final JWK EC = TestKeys.ec("ec-1");
    private static final JWK ED = TestKeys.ed25519("ed-1");
    private static final JWK ATTACKER = TestKeys.rsa("attacker");
    private static final JwksServer ATTACKER_SERVER = attackerServer();

    private ValidatorFixture fx;

    private static JwksServer attackerServer() {
        JwksServer server = JwksServer.https();
        server.publish(ATTACKER);
        return server;
    }

    @BeforeEach
    void start() {
        fx = new ValidatorFixture(RSA, EC, ED);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    @AfterAll
    static void stopAttacker() {
        ATTACKER_SERVER.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void validateWhenSignedWithEachDefaultAlgorithmThenAccepted(String algorithm) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWK key = JWSAlgorithm.Family.RSA.contains(alg) ? RSA : JWSAlgorithm.Family.EC.contains(alg) ? EC : ED;

        AccessToken token = fx.validator.validate(fx.token(key).algorithm(alg).sign());

        assertThat(token.subject()).contains("alice");
        assertThat(token.keyId()).contains(key.getKeyID());
    }

    @Test
    void validateWhenAlgorithmNotOnAllowListThenRejected() throws Exception {
        JwtValidator rsaOnly = JwtValidator.builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                .keySource(fx.keys).clock(fx.clock).algorithms(JWSAlgorithm.RS256).build();

        assertRejected(rsaOnly, fx.token(EC).sign(), Rejection.ALGORITHM_NOT_ALLOWED);
        assertRejected(rsaOnly, fx.token(RSA).algorithm(JWSAlgorithm.PS256).sign(), Rejection.ALGORITHM_NOT_ALLOWED);
        assertThat(rsaOnly.validate(fx.token(RSA).sign()).subject()).contains("alice");
    }

    @Test
    void validateWhenAlgNoneThenRejected() {
        String header = "{\"alg\":\"none\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
        String token = TestTokens.compact(header, payloadOf(fx.token(RSA).signedJwt()), null);

        assertRejected(token, Rejection.ALGORITHM_NOT_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "NONE", "nOnE"})
    void validateWhenAlgIsNoneInOtherCaseThenRejected(String none) {
        String header = "{\"alg\":\"" + none + "\",\"typ\":\"at+jwt\",\"kid\":\"rsa-1\"}";
        String token = TestTokens.compact(header, payloadOf(fx.token(RSA).signedJwt()), Base64URL.encode("sig"));

        assertRejected(token, Rejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void validateWhenHs256SignedWithThePublicRsaKeyThenRejected() throws Exception {
        // The classic confusion attack: the verifier's public key used as an HMAC secret.
        byte[] publicKeyBytes = RSA.toRSAKey().toPublicKey().getEncoded();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1")
                .type(new com.nimbusds.jose.JOSEObjectType("at+jwt")).build(), fx.token(RSA).signedJwt().getJWTClaimsSet());
        forged.sign(new MACSigner(publicKeyBytes));

        assertRejected(forged.serialize(), Rejection.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void validateWhenSignatureStrippedThenRejected() {
        String valid = fx.token(RSA).sign();
        String stripped = valid.substring(0, valid.lastIndexOf('.') + 1);

        assertRejected(stripped, Rejection.MALFORMED);
    }

    @Test
    void validateWhenPayloadTamperedThenRejected() throws Exception {
        SignedJWT valid = fx.token(RSA).signedJwt();
        JWTClaimsSet escalated = new JWTClaimsSet.Builder(valid.getJWTClaimsSet())
                .subject("admin").claim("scope", "orders:read orders:admin").build();
        String[] parts = valid.serialize().split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(escalated.toString()) + "." + parts[2];

        assertRejected(tampered, Rejection.BAD_SIGNATURE);
    }

    @Test
    void validateWhenEs256SignatureIsAllZeroesThenRejected() {
        // CVE-2022-21449 ("psychic signatures"): r = s = 0 must never verify.
        String header = "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"ec-1\"}";
        String token = TestTokens.compact(header, payloadOf(fx.token(EC).signedJwt()), Base64URL.encode(new byte[64]));

        assertRejected(token, Rejection.BAD_SIGNATURE);
    }

    @Test
    void validateWhenSignedByAnotherKeyUnderAKnownKidThenRejected() {
        String token = fx.token(ATTACKER).keyId("rsa-1").sign();

        assertRejected(token, Rejection.BAD_SIGNATURE);
    }

    @Test
    void validateWhenUnknownCriticalHeaderThenRejected() {
        String token = fx.token(RSA).header(h -> h.criticalParams(Set.of("urn:example:must-understand"))
                .customParam("urn:example:must-understand", true)).sign();

        assertRejected(token, Rejection.UNSUPPORTED_HEADER);
    }

    @Test
    void validateWhenKidIsUnknownThenRejectedAfterExactlyOneRefetch() throws Exception {
        fx.validator.validate(fx.token(RSA).sign());
        assertThat(fx.jwks.jwksFetches()).isEqualTo(1);

        assertRejected(fx.token(TestKeys.rsa("not-published")).sign(), Rejection.UNKNOWN_KEY);
        assertThat(fx.jwks.jwksFetches()).isEqualTo(2);

        assertRejected(fx.token(TestKeys.rsa("another-unknown")).sign(), Rejection.UNKNOWN_KEY);
        assertThat(fx.jwks.jwksFetches()).as("a second unknown kid inside the interval fetches nothing").isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../../etc/passwd", "' OR '1'='1' --", "/dev/zero", "rsa-1\u0000", "%2e%2e%2f"})
    void validateWhenKidHoldsPathOrSqlTextThenRejected(String kid) {
        assertRejected(fx.token(ATTACKER).keyId(kid).sign(), Rejection.UNKNOWN_KEY);
        assertRejected(fx.token(RSA).keyId(kid).sign(), Rejection.UNKNOWN_KEY);
    }

    @Test
    void validateWhenJkuNamesAnAttackersKeySetThenItIsNeverFetched() {
        String token = fx.token(ATTACKER).header(h -> h.jwkURL(ATTACKER_SERVER.jwksUri())).sign();

        assertRejected(token, Rejection.UNKNOWN_KEY);
        assertThat(ATTACKER_SERVER.jwksFetches()).isZero();
    }

    @Test
    void validateWhenX5uNamesAnAttackersCertificateThenItIsNeverFetched() {
        String token = fx.token(ATTACKER).header(h -> h.x509CertURL(ATTACKER_SERVER.jwksUri())).sign();

        assertRejected(token, Rejection.UNKNOWN_KEY);
        assertThat(ATTACKER_SERVER.jwksFetches()).isZero();
    }

    @Test
    void validateWhenJwkHeaderEmbedsTheAttackersKeyThenRejected() {
        String ownKid = fx.token(ATTACKER).header(h -> h.jwk(ATTACKER.toPublicJWK())).sign();
        String borrowedKid = fx.token(ATTACKER).keyId("rsa-1").header(h -> h.jwk(ATTACKER.toPublicJWK())).sign();

        assertRejected(ownKid, Rejection.UNKNOWN_KEY);
        assertRejected(borrowedKid, Rejection.BAD_SIGNATURE);
    }

    @Test
    void validateWhenX5cCarriesTheAttackersCertificateThenRejected() throws Exception {
        RSAKey attacker = ATTACKER.toRSAKey();
        KeyPair pair = new KeyPair(attacker.toPublicKey(), attacker.toPrivateKey());
        Base64 cert = Base64.encode(TestTls.selfSigned(pair, "SHA256withRSA").getEncoded());
        String token = fx.token(ATTACKER).keyId("rsa-1").header(h -> h.x509CertChain(List.of(cert))).sign();

        assertRejected(token, Rejection.BAD_SIGNATURE);
    }

    @Test
    void validateWhenHeaderAlgDoesNotFitTheKidsKeyTypeThenRejected() {
        // An RS256 header pointing at the EC key: no RSA key has that kid.
        assertRejected(fx.token(RSA).keyId("ec-1").sign(), Rejection.UNKNOWN_KEY);
    }

    @Test
    void validateWhenIdTokenPresentedAsAccessTokenThenRejected() {
        String idToken = fx.token(RSA).type("JWT").claim("aud", "web-app").claim("nonce", "n-0S6_WzA2Mj")
                .claim("auth_time", fx.clock.instant()).sign();
        String untypedIdToken = fx.token(RSA).type(null).claim("nonce", "n-0S6_WzA2Mj").sign();

        assertRejected(idToken, Rejection.WRONG_TYPE);
        assertRejected(untypedIdToken, Rejection.WRONG_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bnVsbA.e30.AA", "e30.bnVsbA.AA", "W10.e30.AA", "InN0cmluZyI.e30.AA", "MTIz.e30.AA",
            "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6bnVsbH0.a.b.c.d", "eyJhbGciOm51bGx9.e30.AA",
            "eyJhbGciOiJSUzI1NiIsImtpZCI6W119.e30.AA", "eyJhbGciOiJSUzI1NiIsInR5cCI6MX0.e30.AA"})
    void validateWhenHeaderIsJsonOfTheWrongShapeThenRejectedAsMalformed(String token) {
        // Headers of JSON null, [], "string", 123, alg null, kid [], typ 1: refused, never a 500.
        assertThatThrownBy(() -> fx.validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isIn(Rejection.MALFORMED, Rejection.ALGORITHM_NOT_ALLOWED));
    }

    @Test
    void validateWhenSignatureIsReEncodedNonCanonicallyThenRejected() throws Exception {
        String valid = fx.token(RSA).sign();
        String signature = valid.substring(valid.lastIndexOf('.') + 1);
        String body = valid.substring(0, valid.lastIndexOf('.') + 1);
        // 256 signature bytes leave 4 spare bits in the last character: flipping them decodes the same.
        char last = signature.charAt(signature.length() - 1);
        String spareBitsSet = body + signature.substring(0, signature.length() - 1) + (char) (last + 1);

        assertThat(fx.validator.validate(valid)).isNotNull();
        assertRejected(spareBitsSet, Rejection.MALFORMED);
        assertRejected(valid + "~", Rejection.MALFORMED);
        assertRejected(body + signature.substring(0, 10) + "~~" + signature.substring(10), Rejection.MALFORMED);
        assertRejected(valid + "==", Rejection.MALFORMED);
        assertRejected(valid.replace('-', '+').replace('_', '/'), Rejection.MALFORMED);
    }

    @Test
    void validateWhenJwksHoldsAMalformedEd25519KeyThenThatKeyIsSkipped() throws Exception {
        String badX = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"ed-bad\",\"x\":\"AAAA\"}";
        fx.jwks.publishRaw("{\"keys\":[" + badX + "," + RSA.toPublicJWK().toJSONString() + "]}");

        assertRejected(fx.token(ED).keyId("ed-bad").sign(), Rejection.UNKNOWN_KEY);
        assertRejected(fx.token(ED).keyId(null).sign(), Rejection.UNKNOWN_KEY);
        assertThat(fx.validator.validate(fx.token(RSA).sign())).isNotNull();
    }

    private void assertRejected(String token, Rejection reason) {
        assertRejected(fx.validator, token, reason);
    }

    private static void assertRejected(JwtValidator validator, String token, Rejection reason) {
        assertThatThrownBy(() -> validator.validate(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).doesNotContain(token);
                });
    }

    private static String payloadOf(SignedJWT jwt) {
        return new String(jwt.getPayload().toBytes(), StandardCharsets.UTF_8);
    }
}
