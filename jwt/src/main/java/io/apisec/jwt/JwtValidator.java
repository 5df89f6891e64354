package io.apisec.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.apisec.jwt.jwks.JwksKeySource;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Validates access tokens (RFC 9068 JWTs) for one issuer: the company-wide validation of practice 7.
 * Built once by {@link #builder()}, immutable, safe to share between threads.
 *
 * <p>Secure by default: the issuer must match exactly, the audience must be one of this API's
 * (unless {@link Builder#ignoreAudience()}), the algorithm must be on the allow-list (default RS256,
 * PS256, ES256, EdDSA; {@code none} and HMAC are refused since the keys come from a JWKS), the
 * {@code typ} header must be {@code at+jwt}, and {@code exp}, {@code iat}, {@code iss}, {@code jti} and
 * {@code sub} or {@code client_id} must be present. The size of the token is checked before any parsing.
 *
 * <p>Signature, key selection and the claims rules run in Nimbus's {@link DefaultJWTProcessor}.
 * Validation may block to fetch keys: call it off an event loop.
 */
public final class JwtValidator {

    /** The algorithms accepted when none are configured. */
    public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    private final int maxTokenLength;
    private final Set<JWSAlgorithm> algorithms;
    private final Set<JOSEObjectType> types;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final JwksKeySource keySource;
    private final ValidationCache cache;

    private JwtValidator(Builder b, Set<String> audiences, Set<JOSEObjectType> types, Set<String> requiredClaims) {
        this.maxTokenLength = b.maxTokenLength;
        this.algorithms = Set.copyOf(b.algorithms);
        this.types = Set.copyOf(types);
        this.keySource = b.keySource;
        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(this.types));
        processor.setJWSKeySelector(new JwksKeySelector(this.algorithms, b.keySource));
        processor.setJWSVerifierFactory(new VerifierFactory());
        processor.setJWTClaimsSetVerifier(new AccessTokenClaimsVerifier(
                b.issuer, audiences, requiredClaims, b.leeway, b.maxLifetime, b.clock));
        if (b.cacheEntries > 0) {
            this.cache = new ValidationCache(b.cacheEntries, b.clock);
        } else {
            this.cache = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Validates {@code token}, the bare JWT (without the {@code Bearer } prefix).
     *
     * @return the verified token
     * @throws TokenRejectedException        when the token is refused: answer 401 (see {@link BearerErrorResponse})
     * @throws KeySourceUnavailableException when the keys cannot be had: answer 503
     */
    public AccessToken validate(String token) throws TokenRejectedException, KeySourceUnavailableException {
        if (token == null || token.isEmpty()) {
            throw new TokenRejectedException(Rejection.MALFORMED);
        }
        if (token.length() > maxTokenLength) {
            throw new TokenRejectedException(Rejection.TOO_LARGE);
        }
        ValidationCache.TokenHash hash = null;
        if (cache != null) {
            hash = cache.hash(token);
            ValidationCache.Entry cached = cache.get(hash);
            if (cached != null) {
                String keyId = cached.token().keyId().orElseThrow();
                if (keySource.currentKey(keyId).filter(cached.key()::equals).isPresent()) {
                    return cached.token();
                }
                // Its key left the JWKS or changed under the same kid: the full check below decides.
                cache.invalidate(hash);
            }
        }
        SignedJWT jwt = parseSigned(token);
        ValidationContext context = new ValidationContext();
        AccessToken verified = verify(jwt, context);
        if (cache != null && verified.keyId().isPresent() && context.onlyCandidateKey() != null) {
            // Cached only when one key, named by kid, verified it: a hit re-checks that exact key.
            cache.put(hash, new ValidationCache.Entry(verified, context.onlyCandidateKey()));
        }
        return verified;
    }

    private SignedJWT parseSigned(String token) throws TokenRejectedException {
        if (!CompactJws.isWellFormed(token)) {
            throw new TokenRejectedException(
                    CompactJws.isUnsecured(token) ? Rejection.ALGORITHM_NOT_ALLOWED : Rejection.MALFORMED);
        }
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // Hostile input can make Nimbus's parser fail in unplanned ways (a header of JSON null):
            // that is still the token's fault, never ours.
            throw new TokenRejectedException(Rejection.MALFORMED);
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            throw new TokenRejectedException(Rejection.ALGORITHM_NOT_ALLOWED);
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new TokenRejectedException(Rejection.ALGORITHM_NOT_ALLOWED);
        }
        if (header.getType() == null || !types.contains(header.getType())) {
            throw new TokenRejectedException(Rejection.WRONG_TYPE);
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new TokenRejectedException(Rejection.UNSUPPORTED_HEADER);
        }
        try {
            jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw new TokenRejectedException(Rejection.MALFORMED);
        }
        return jwt;
    }

    private AccessToken verify(SignedJWT jwt, ValidationContext context)
            throws TokenRejectedException, KeySourceUnavailableException {
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, context);
        } catch (KeySourceException e) {
            throw new KeySourceUnavailableException(e.getMessage(), e);
        } catch (ClaimRejectedException e) {
            throw new TokenRejectedException(e.reason());
        } catch (ExpiredJWTException e) {
            throw new TokenRejectedException(Rejection.EXPIRED);
        } catch (BadJWSException e) {
            throw new TokenRejectedException(Rejection.BAD_SIGNATURE);
        } catch (BadJWTException e) {
            // Nimbus's data-driven claims rules refused what our precise checks let through.
            throw new TokenRejectedException(Rejection.INVALID_CLAIM);
        } catch (BadJOSEException e) {
            throw new TokenRejectedException(context.noMatchingKey() ? Rejection.UNKNOWN_KEY : Rejection.BAD_SIGNATURE);
        } catch (JOSEException e) {
            // The verifier could not process the signature (wrong length, bad encoding): the token's fault.
            throw new TokenRejectedException(Rejection.BAD_SIGNATURE);
        }
        return AccessToken.fromVerifiedClaims(claims, jwt.getHeader().getKeyID());
    }

    /** For tests: how many validations are cached now. */
    long cachedEntries() {
        return cache == null ? 0 : cache.size();
    }

    /**
     * Builds a {@link JwtValidator}. Contradictory or missing settings fail in {@link #build()} with a
     * message naming the setting.
     */
    public static final class Builder {
        private static final Duration MAX_LEEWAY = Duration.ofMinutes(5);
        private static final int MAX_TOKEN_LENGTH_LIMIT = 64 * 1024;

        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private boolean ignoreAudience;
        private JwksKeySource keySource;
        private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
        private Set<String> types = Set.of("at+jwt");
        private final Set<String> extraRequiredClaims = new LinkedHashSet<>();
        private boolean allowMissingJwtId;
        private Duration leeway = Duration.ofSeconds(30);
        private int maxTokenLength = 8 * 1024;
        private Duration maxLifetime;
        private Clock clock = Clock.systemUTC();
        private long cacheEntries;

        private Builder() {
        }

        /** The one trusted issuer; the {@code iss} claim must equal it exactly. Required. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** An audience of this API; the token's {@code aud} must hold at least one. Required, unless ignored. */
        public Builder audience(String... audiences) {
            this.audiences.addAll(Arrays.asList(audiences));
            return this;
        }

        /** Accept tokens whatever their audience. Explicit, since it widens what is accepted. */
        public Builder ignoreAudience() {
            this.ignoreAudience = true;
            return this;
        }

        /** Where the issuer's signing keys come from. Required. */
        public Builder keySource(JwksKeySource keySource) {
            this.keySource = Objects.requireNonNull(keySource, "keySource");
            return this;
        }

        /** The accepted signature algorithms; default RS256, PS256, ES256, EdDSA. */
        public Builder algorithms(JWSAlgorithm... algorithms) {
            this.algorithms = new LinkedHashSet<>(Arrays.asList(algorithms));
            return this;
        }

        /**
         * The accepted {@code typ} header values, compared ignoring case, each also accepted with the
         * {@code application/} prefix. Default {@code at+jwt} (RFC 9068).
         */
        public Builder types(String... types) {
            this.types = new LinkedHashSet<>(Arrays.asList(types));
            return this;
        }

        /** Claims required beyond the defaults ({@code exp iat iss jti}, and {@code sub} or {@code client_id}). */
        public Builder requireClaims(String... claims) {
            this.extraRequiredClaims.addAll(Arrays.asList(claims));
            return this;
        }

        /** Accept tokens without {@code jti}, for issuers that do not send one. */
        public Builder allowMissingJwtId() {
            this.allowMissingJwtId = true;
            return this;
        }

        /** Clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}; default 30 s, at most 5 min. */
        public Builder clockLeeway(Duration leeway) {
            this.leeway = Objects.requireNonNull(leeway, "clockLeeway");
            return this;
        }

        /** Longer tokens are refused before any parsing; default 8 KiB, at most 64 KiB. */
        public Builder maxTokenLength(int maxTokenLength) {
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        /** Refuse tokens whose {@code exp - iat} exceeds this. Default: no maximum. */
        public Builder maxLifetime(Duration maxLifetime) {
            this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
            return this;
        }

        /** The clock for the time window and the cache; tests inject one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Cache up to {@code maxEntries} validated tokens by their SHA-256, so repeated tokens skip the
         * signature check. An entry never outlives the token's {@code exp}, and goes when its key leaves
         * the JWKS. Off by default.
         */
        public Builder cacheValidations(long maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("cacheValidations: " + maxEntries + " must be at least 1");
            }
            this.cacheEntries = maxEntries;
            return this;
        }

        public JwtValidator build() {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalStateException("issuer: required; the iss value the token server puts in its tokens");
            }
            if (keySource == null) {
                throw new IllegalStateException("keySource: required; a JwksKeySource for the issuer's JWKS");
            }
            if (ignoreAudience && !audiences.isEmpty()) {
                throw new IllegalStateException("audience: " + audiences
                        + " contradicts ignoreAudience(); set one or the other");
            }
            if (!ignoreAudience && audiences.isEmpty()) {
                throw new IllegalStateException("audience: required; the aud value of this API, "
                        + "or ignoreAudience() to accept any audience");
            }
            if (audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw new IllegalStateException("audience: values must not be blank");
            }
            keySource.issuer().ifPresent(keyIssuer -> {
                if (!keyIssuer.toString().equals(issuer)) {
                    throw new IllegalStateException("issuer: '" + issuer + "' differs from the issuer the key source "
                            + "discovers its JWKS from ('" + keyIssuer + "')");
                }
            });
            checkAlgorithms();
            if (types.isEmpty() || types.stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new IllegalStateException("types: at least one non-blank typ value is required");
            }
            if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
                throw new IllegalStateException("clockLeeway: " + leeway + " is outside 0 .. " + MAX_LEEWAY);
            }
            if (leeway.getNano() != 0) {
                throw new IllegalStateException("clockLeeway: " + leeway + " must be whole seconds");
            }
            if (maxTokenLength < 64 || maxTokenLength > MAX_TOKEN_LENGTH_LIMIT) {
                throw new IllegalStateException("maxTokenLength: " + maxTokenLength + " is outside 64 .. "
                        + MAX_TOKEN_LENGTH_LIMIT);
            }
            if (maxLifetime != null && (maxLifetime.isZero() || maxLifetime.isNegative())) {
                throw new IllegalStateException("maxLifetime: " + maxLifetime + " must be positive");
            }
            Set<String> required = new LinkedHashSet<>(List.of(JWTClaimNames.EXPIRATION_TIME,
                    JWTClaimNames.ISSUED_AT, JWTClaimNames.ISSUER));
            if (!allowMissingJwtId) {
                required.add(JWTClaimNames.JWT_ID);
            }
            required.addAll(extraRequiredClaims);
            return new JwtValidator(this, ignoreAudience ? null : Set.copyOf(audiences), typeSet(), Set.copyOf(required));
        }

        private void checkAlgorithms() {
            if (algorithms.isEmpty()) {
                throw new IllegalStateException("algorithms: at least one is required");
            }
            for (JWSAlgorithm alg : algorithms) {
                if (alg == null || alg.getName().equalsIgnoreCase("none")) {
                    throw new IllegalStateException("algorithms: 'none' is never accepted");
                }
                if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
                    throw new IllegalStateException("algorithms: " + alg + " is refused: keys come from a JWKS, "
                            + "and an HMAC key there would be public");
                }
                if (!JWSAlgorithm.Family.SIGNATURE.contains(alg) || alg.equals(JWSAlgorithm.Ed448)) {
                    throw new IllegalStateException("algorithms: " + alg + " is not a supported signature algorithm");
                }
            }
        }

        private Set<JOSEObjectType> typeSet() {
            Set<JOSEObjectType> set = new HashSet<>();
            for (String type : types) {
                String t = type.toLowerCase(Locale.ROOT);
                String bare = t.startsWith("application/") ? t.substring("application/".length()) : t;
                set.add(new JOSEObjectType(bare));
                set.add(new JOSEObjectType("application/" + bare));
            }
            return set;
        }
    }
}
