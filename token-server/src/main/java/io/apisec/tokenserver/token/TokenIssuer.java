package io.apisec.tokenserver.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.apisec.tokenserver.client.TokenFormat;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.SigningKey;
import io.apisec.tokenserver.oauth.RandomTokens;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Issues access tokens, the only place in apisec that does (practice 2): an opaque token of 256 random
 * bits for external clients, an RFC 9068 JWT for internal ones (practices 3 and 10). Either way the
 * token is recorded under its SHA-256, so it can be introspected and revoked. Blocking (signing, database):
 * call from a worker thread.
 */
public final class TokenIssuer {

    private static final JOSEObjectType ACCESS_TOKEN_TYPE = new JOSEObjectType("at+jwt");
    private static final JOSEObjectType INTROSPECTION_TYPE = new JOSEObjectType("token-introspection+jwt");

    private final String issuer;
    private final KeyManager keys;
    private final TokenRepository tokens;
    private final Clock clock;

    public TokenIssuer(String issuer, KeyManager keys, TokenRepository tokens, Clock clock) {
        this.issuer = issuer;
        this.keys = keys;
        this.tokens = tokens;
        this.clock = clock;
    }

    public IssuedToken issue(AccessTokenRequest request) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant lifetimeEnd = now.plus(request.client().accessTokenLifetime());
        Instant expiresAt = request.notAfter().filter(lifetimeEnd::isAfter).orElse(lifetimeEnd);
        String jti = RandomTokens.of(16);
        TokenFormat format = request.client().tokenFormat() == TokenFormat.JWT ? TokenFormat.JWT : TokenFormat.OPAQUE;
        TokenRecord unnamed = new TokenRecord("pending", jti, format, request.client().clientId(), request.subject(),
                request.scopes(), request.audiences(), request.claims(), now, expiresAt, Optional.empty(),
                request.refreshFamily());
        String value = format == TokenFormat.JWT ? sign(unnamed) : RandomTokens.of(32);
        TokenRecord record = new TokenRecord(TokenHash.of(value), jti, format, unnamed.clientId(), unnamed.subject(),
                unnamed.scopes(), unnamed.audiences(), unnamed.claims(), now, expiresAt, Optional.empty(),
                unnamed.refreshFamily());
        tokens.insert(record);
        return new IssuedToken(value, record);
    }

    /** The kid that signs now: what a cache of signed forms must be keyed by, so rotation and revocation reach it. */
    public String signingKeyId() {
        return keys.currentKey().kid();
    }

    /**
     * The RFC 9068 JWT form of a recorded token, signed with the current key: what a JWT client receives,
     * and what the gateway receives for an opaque token in the phantom-token flow.
     */
    public String sign(TokenRecord record) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
        record.claims().forEach(claims::claim);
        claims.issuer(issuer).subject(record.subject()).audience(record.audiences())
                .issueTime(Date.from(record.issuedAt())).expirationTime(Date.from(record.expiresAt()))
                .jwtID(record.jti()).claim("client_id", record.clientId())
                .claim("scope", String.join(" ", record.scopes()));
        SigningKey key = keys.currentKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm().jws()).keyID(key.kid())
                .type(ACCESS_TOKEN_TYPE).build(), claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }

    /**
     * An RFC 9701 signed introspection response for {@code audience} (the calling client): the
     * introspection members under {@code token_introspection}, signed with the current key.
     */
    public String signIntrospection(java.util.Map<String, Object> introspection, String audience) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond())))
                .claim("token_introspection", introspection).build();
        SigningKey key = keys.currentKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm().jws()).keyID(key.kid())
                .type(INTROSPECTION_TYPE).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }

}
