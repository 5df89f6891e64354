package io.apisec.jwt.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Builds signed access tokens for tests, valid by default; each setter breaks one thing on purpose. */
public final class TestTokens {

    public static final String ISSUER = "https://as.apisec.test";
    public static final String AUDIENCE = "orders-api";

    private TestTokens() {
    }

    /** A valid RFC 9068 access token signed by {@code key}, issued now by {@code clock}. */
    public static Builder accessToken(JWK key, Clock clock) {
        return new Builder(key, clock.instant());
    }

    /** Joins raw parts into a compact JWS, for tokens no honest signer would make. */
    public static String compact(String headerJson, String payloadJson, Base64URL signature) {
        return Base64URL.encode(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8)) + "."
                + (signature == null ? "" : signature.toString());
    }

    public static final class Builder {
        private final JWK key;
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private JWSAlgorithm algorithm;
        private UnaryOperator<JWSHeader.Builder> headerCustomizer = UnaryOperator.identity();
        private String type = "at+jwt";
        private String keyId;

        private Builder(JWK key, Instant now) {
            this.key = key;
            this.keyId = key.getKeyID();
            this.algorithm = defaultAlgorithm(key);
            claims.put("iss", ISSUER);
            claims.put("sub", "alice");
            claims.put("aud", AUDIENCE);
            claims.put("client_id", "web-app");
            claims.put("scope", "orders:read");
            claims.put("iat", now.getEpochSecond());
            claims.put("exp", now.plus(Duration.ofMinutes(5)).getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
        }

        public Builder claim(String name, Object value) {
            claims.put(name, value instanceof Instant i ? i.getEpochSecond() : value);
            return this;
        }

        public Builder without(String name) {
            claims.remove(name);
            return this;
        }

        public Builder issuedAt(Instant iat) {
            return claim("iat", iat);
        }

        public Builder expiresAt(Instant exp) {
            return claim("exp", exp);
        }

        public Builder notBefore(Instant nbf) {
            return claim("nbf", nbf);
        }

        public Builder scope(String scope) {
            return claim("scope", scope);
        }

        /** The typ header; null leaves it out. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder algorithm(JWSAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder header(UnaryOperator<JWSHeader.Builder> customizer) {
            this.headerCustomizer = customizer;
            return this;
        }

        public SignedJWT signedJwt() {
            try {
                JWSHeader.Builder header = new JWSHeader.Builder(algorithm).keyID(keyId);
                if (type != null) {
                    header.type(new JOSEObjectType(type));
                }
                Map<String, Object> json = new LinkedHashMap<>(claims);
                JWTClaimsSet set = JWTClaimsSet.parse(json);
                SignedJWT jwt = new SignedJWT(headerCustomizer.apply(header).build(), set);
                jwt.sign(signer(key));
                return jwt;
            } catch (JOSEException | java.text.ParseException e) {
                throw new IllegalStateException(e);
            }
        }

        public String sign() {
            return signedJwt().serialize();
        }

        private static JWSAlgorithm defaultAlgorithm(JWK key) {
            return switch (key) {
                case RSAKey k -> JWSAlgorithm.RS256;
                case ECKey k -> JWSAlgorithm.ES256;
                case OctetKeyPair k -> JWSAlgorithm.EdDSA;
                default -> throw new IllegalArgumentException("no default algorithm for " + key.getKeyType());
            };
        }

        private static JWSSigner signer(JWK key) throws JOSEException {
            return switch (key) {
                case RSAKey k -> new RSASSASigner(k);
                case ECKey k -> new ECDSASigner(k);
                case OctetKeyPair k -> new Ed25519Signer(k);
                default -> throw new IllegalArgumentException("no signer for " + key.getKeyType());
            };
        }
    }

    /** Seconds-precision instants, as JWTs carry them. */
    public static Date seconds(Instant instant) {
        return Date.from(Instant.ofEpochSecond(instant.getEpochSecond()));
    }
}
