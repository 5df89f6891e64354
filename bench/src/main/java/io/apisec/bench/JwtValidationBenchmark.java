package io.apisec.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.testing.JwksServer;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTls;
import io.apisec.jwt.testing.TestTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Validations per second of one kind of RFC 9068 access token, three ways, per signature algorithm:
 * <ul>
 *   <li>{@link #rawNimbus}: a {@link DefaultJWTProcessor} configured by hand as a careful team would
 *       (typ {@code at+jwt}, the one algorithm over an {@link ImmutableJWKSet}, exact issuer, audience
 *       and required claims): the baseline, whose cost is essentially the signature check;</li>
 *   <li>{@link #validatorUncached}: {@link JwtValidator} with its defaults and keys from a
 *       {@link JwksKeySource} over HTTPS, the key set fetched in setup; target: within 10% of raw Nimbus;</li>
 *   <li>{@link #validatorCached}: the same with {@code cacheValidations(10_000)}, over a small pool of
 *       repeated tokens that are all in the cache; target: at least 20x raw Nimbus.</li>
 * </ul>
 * Every token is signed in setup and checked once on its path there, so the measured loop does no
 * signing, no HTTP and no failed validation (a rejection would throw and fail the run rather than be
 * counted). The thread count is set on the command line ({@code -t 1}, {@code -t 2}); see bench/README.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(3)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
public class JwtValidationBenchmark {

    /** Distinct tokens for the paths that must verify a signature each time: a power of two. */
    static final int DISTINCT_TOKENS = 1024;
    /** Repeated tokens for the cached validator: far fewer than its 10 000 entries. */
    static final int REPEATED_TOKENS = 64;
    static final int CACHE_ENTRIES = 10_000;
    /** Long enough that no token expires during a run. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /**
     * What the threads of one trial share: the tokens and the one path being measured (plus, for the
     * validator paths, the JWKS server and key source behind it). Built for that path only.
     */
    @State(Scope.Benchmark)
    public static class Fixture {

        @Param({"RS256", "ES256", "EdDSA"})
        public String algorithm;

        JWK key;
        String[] tokens;
        DefaultJWTProcessor<SecurityContext> rawProcessor;
        JwtValidator validator;
        private JwksServer jwksServer;
        private JwksKeySource keySource;
        private int fetchesAfterSetup;

        @Setup(Level.Trial)
        public void setUp(BenchmarkParams params) throws Exception {
            String benchmark = params.getBenchmark();
            setUp(benchmark.substring(benchmark.lastIndexOf('.') + 1));
        }

        /** Sets up for the benchmark method named {@code path}. */
        void setUp(String path) throws Exception {
            try {
                build(path);
            } catch (Exception | Error e) {
                release();
                throw e;
            }
        }

        private void build(String path) throws Exception {
            JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
            key = TestKeys.forAlgorithm(alg, "bench-" + algorithm);
            Clock clock = Clock.systemUTC();
            switch (path) {
                case "rawNimbus" -> {
                    tokens = signTokens(key, clock, DISTINCT_TOKENS);
                    rawProcessor = rawNimbusProcessor(alg, key);
                }
                case "validatorUncached" -> {
                    tokens = signTokens(key, clock, DISTINCT_TOKENS);
                    validator = validator(key, false);
                }
                case "validatorCached" -> {
                    tokens = signTokens(key, clock, REPEATED_TOKENS);
                    validator = validator(key, true);
                }
                default -> throw new IllegalStateException("no fixture for benchmark " + path);
            }
            // The path accepts each of its tokens once before measurement; this also fills the cache.
            for (String token : tokens) {
                mustAccept(path, token, rawProcessor != null
                        ? () -> rawProcessor.process(token, null).getJWTID()
                        : () -> validator.validate(token).tokenId().orElse(null));
            }
            if (jwksServer != null) {
                fetchesAfterSetup = jwksServer.jwksFetches();
                if (fetchesAfterSetup != 1) {
                    throw new IllegalStateException("expected one JWKS fetch in setup, saw " + fetchesAfterSetup);
                }
            }
        }

        /** JwtValidator with its defaults, keys from an HTTPS JWKS endpoint, fetched here. */
        private JwtValidator validator(JWK key, boolean cacheValidations) throws Exception {
            jwksServer = JwksServer.https();
            jwksServer.publish(key);
            keySource = JwksKeySource.builder()
                    .jwksUri(jwksServer.jwksUri())
                    .sslContext(TestTls.get().clientContext())
                    // Far longer than any run, so not even the background refresh fetches during one;
                    // the hot path (a fresh set held in memory) is the same as with the default TTL.
                    .cacheTtl(Duration.ofHours(1))
                    .build();
            keySource.load();
            JwtValidator.Builder builder = JwtValidator.builder()
                    .issuer(TestTokens.ISSUER)
                    .audience(TestTokens.AUDIENCE)
                    .keySource(keySource);
            if (cacheValidations) {
                builder.cacheValidations(CACHE_ENTRIES);
            }
            return builder.build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            int fetches = jwksServer == null ? fetchesAfterSetup : jwksServer.jwksFetches();
            release();
            if (fetches != fetchesAfterSetup) {
                throw new IllegalStateException("the JWKS was fetched " + (fetches - fetchesAfterSetup)
                        + " time(s) during measurement: the scores include HTTP and are not valid");
            }
        }

        /** Stops the key source's background refresh, then the server. */
        private void release() {
            if (keySource != null) {
                keySource.close();
                keySource = null;
            }
            if (jwksServer != null) {
                jwksServer.close();
                jwksServer = null;
            }
        }

        private static String[] signTokens(JWK key, Clock clock, int count) {
            String[] tokens = new String[count];
            for (int i = 0; i < count; i++) {
                tokens[i] = TestTokens.accessToken(key, clock)
                        .expiresAt(clock.instant().plus(TOKEN_LIFETIME))
                        .sign();
            }
            return tokens;
        }

        /**
         * Plain Nimbus, set up by hand with the same rules the validator applies. For EdDSA, which
         * Nimbus 10.10's {@link JWSVerificationKeySelector} and default verifier factory cannot verify,
         * with the {@linkplain HandBuiltEd25519 minimal additions} a team would write.
         */
        static DefaultJWTProcessor<SecurityContext> rawNimbusProcessor(JWSAlgorithm alg, JWK key) {
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
            ImmutableJWKSet<SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                processor.setJWSKeySelector(HandBuiltEd25519.keySelector(keys));
                processor.setJWSVerifierFactory(HandBuiltEd25519.verifierFactory());
            } else {
                processor.setJWSKeySelector(new JWSVerificationKeySelector<>(alg, keys));
            }
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                    TestTokens.AUDIENCE,
                    new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).build(),
                    Set.of(JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUED_AT, JWTClaimNames.ISSUER,
                            JWTClaimNames.JWT_ID)));
            return processor;
        }

        /**
         * Fails the trial, naming the path and the algorithm, unless the path accepts {@code token} and
         * returns its {@code jti}: a benchmark of a path that rejects its tokens would measure the
         * rejection, not a validation.
         */
        private void mustAccept(String path, String token, Callable<String> validation) throws Exception {
            String returned;
            try {
                returned = validation.call();
            } catch (Exception e) {
                throw new IllegalStateException(path + " rejects a valid " + algorithm + " token ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); nothing to measure", e);
            }
            String expected = SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
            if (!Objects.equals(expected, returned)) {
                throw new IllegalStateException(path + " (" + algorithm + ") returned jti " + returned
                        + " for a token with jti " + expected);
            }
        }
    }

    /** Each thread's own position in the token pool, so threads do not contend on a shared counter. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger THREADS = new AtomicInteger();
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            // Threads start at different places, so they do not validate the same token in lockstep.
            next = THREADS.getAndIncrement() * 17;
        }

        String next(String[] pool) {
            return pool[next++ & (pool.length - 1)];
        }
    }

    /** Plain Nimbus over {@value #DISTINCT_TOKENS} distinct tokens. */
    @Benchmark
    public JWTClaimsSet rawNimbus(Fixture fixture, Cursor cursor) throws Exception {
        return fixture.rawProcessor.process(cursor.next(fixture.tokens), null);
    }

    /** JwtValidator without a cache over {@value #DISTINCT_TOKENS} distinct tokens. */
    @Benchmark
    public AccessToken validatorUncached(Fixture fixture, Cursor cursor) throws Exception {
        return fixture.validator.validate(cursor.next(fixture.tokens));
    }

    /** JwtValidator with {@code cacheValidations(10_000)} over {@value #REPEATED_TOKENS} tokens, all cached. */
    @Benchmark
    public AccessToken validatorCached(Fixture fixture, Cursor cursor) throws Exception {
        return fixture.validator.validate(cursor.next(fixture.tokens));
    }
}
