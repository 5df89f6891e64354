package io.apisec.jwt;

import com.nimbusds.jwt.JWTClaimsSet;

import java.text.ParseException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A verified access token. Only {@link JwtValidator} creates one, after the signature, the type, the
 * issuer, the audience and the time window have all been checked, so holding an {@code AccessToken}
 * means holding claims that can be trusted. Immutable.
 *
 * <p>Scopes come from the RFC 9068 / RFC 8693 {@code scope} claim (a space-separated string), or,
 * when that is absent, from an {@code scp} array as some issuers send it.
 */
public final class AccessToken {

    private final JWTClaimsSet claims;
    private final String keyId;
    private final String issuer;
    private final String subject;
    private final String clientId;
    private final String tokenId;
    private final Set<String> scopes;
    private final List<String> audiences;
    private final Instant issuedAt;
    private final Instant expiresAt;

    private AccessToken(JWTClaimsSet claims, String keyId, Set<String> scopes) {
        this.claims = claims;
        this.keyId = keyId;
        this.issuer = claims.getIssuer();
        this.subject = claims.getSubject();
        this.clientId = stringOrNull(claims, "client_id");
        this.tokenId = claims.getJWTID();
        this.scopes = scopes;
        this.audiences = List.copyOf(claims.getAudience());
        this.issuedAt = claims.getIssueTime().toInstant();
        this.expiresAt = claims.getExpirationTime().toInstant();
    }

    /**
     * Builds the token from claims the validator has verified. Claims whose form is wrong (a scope
     * that is not a string, a client_id that is a number) are refused here rather than misread later.
     */
    static AccessToken fromVerifiedClaims(JWTClaimsSet claims, String keyId) throws TokenRejectedException {
        try {
            claims.getStringClaim("client_id");
            claims.getStringClaim("sub");
            claims.getStringClaim("jti");
            claims.getStringClaim("iss");
            return new AccessToken(claims, keyId, parseScopes(claims));
        } catch (ParseException e) {
            throw new TokenRejectedException(Rejection.INVALID_CLAIM);
        }
    }

    private static Set<String> parseScopes(JWTClaimsSet claims) throws ParseException {
        String scope = claims.getStringClaim("scope");
        if (scope != null) {
            Set<String> scopes = new LinkedHashSet<>();
            for (String s : scope.split(" ")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
            return Collections.unmodifiableSet(scopes);
        }
        List<String> scp = claims.getStringListClaim("scp");
        return scp == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(scp));
    }

    private static String stringOrNull(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (ParseException e) {
            throw new IllegalStateException("checked in fromVerifiedClaims", e);
        }
    }

    /** The {@code iss} claim. */
    public String issuer() {
        return issuer;
    }

    /** The {@code sub} claim: the user, or the client for a client-credentials token. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** The {@code client_id} claim (RFC 9068). */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** The {@code jti} claim. */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /** The {@code kid} of the key that signed the token, if the header named one. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The granted scopes, in the order the token lists them. */
    public Set<String> scopes() {
        return scopes;
    }

    /** Whether the token grants {@code scope}. */
    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    /** The {@code aud} claim. */
    public List<String> audiences() {
        return audiences;
    }

    /** The {@code iat} claim. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** The {@code exp} claim. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** The names of all claims the token carries. */
    public Set<String> claimNames() {
        return claims.getClaims().keySet();
    }

    /** A string claim; empty when absent or not a string. */
    public Optional<String> stringClaim(String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** A claim that is an array of strings; empty when absent or of another form. */
    public List<String> stringListClaim(String name) {
        try {
            List<String> values = claims.getStringListClaim(name);
            return values == null || values.contains(null) ? List.of() : List.copyOf(values);
        } catch (ParseException e) {
            return List.of();
        }
    }

    /** A whole-number claim; empty when absent or not a number. */
    public Optional<Long> longClaim(String name) {
        try {
            return Optional.ofNullable(claims.getLongClaim(name));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** A boolean claim; empty when absent or not a boolean. */
    public Optional<Boolean> booleanClaim(String name) {
        try {
            return Optional.ofNullable(claims.getBooleanClaim(name));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** A JSON object claim, as a deep unmodifiable copy; empty when absent or not an object. */
    public Optional<Map<String, Object>> objectClaim(String name) {
        try {
            Map<String, Object> value = claims.getJSONObjectClaim(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> copy = value == null ? null : (Map<String, Object>) JsonValues.immutableCopy(value);
            return Optional.ofNullable(copy);
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Requires every one of {@code required} (coarse-grained access, practice 4).
     *
     * @return this token, to chain further checks
     * @throws TokenRejectedException with {@link Rejection#INSUFFICIENT_SCOPE}, naming the required scopes
     */
    public AccessToken requireScopes(String... required) throws TokenRejectedException {
        for (String scope : required) {
            if (!scopes.contains(scope)) {
                throw new TokenRejectedException(Rejection.INSUFFICIENT_SCOPE, Arrays.asList(required));
            }
        }
        return this;
    }

    /**
     * Requires that the claim {@code name} is present and satisfies {@code test} (fine-grained access,
     * practice 5). The predicate sees a deep unmodifiable copy of the claim's JSON value: a String, Long,
     * Double, Boolean, List or Map.
     *
     * @return this token, to chain further checks
     * @throws TokenRejectedException with {@link Rejection#CLAIM_NOT_SATISFIED} when absent or refused
     */
    public AccessToken requireClaim(String name, Predicate<Object> test) throws TokenRejectedException {
        Objects.requireNonNull(test, "test");
        Object value = claims.getClaim(Objects.requireNonNull(name, "name"));
        if (value == null || !test.test(JsonValues.immutableCopy(value))) {
            throw new TokenRejectedException(Rejection.CLAIM_NOT_SATISFIED);
        }
        return this;
    }

    /** Names the token without revealing it: issuer, subject, client, scopes, token id. */
    @Override
    public String toString() {
        return "AccessToken[iss=" + issuer + ", sub=" + subject + ", client_id=" + clientId
                + ", scope=" + String.join(" ", scopes) + ", jti=" + tokenId + ", exp=" + expiresAt + "]";
    }
}
