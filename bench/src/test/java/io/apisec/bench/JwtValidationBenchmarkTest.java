package io.apisec.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.apisec.jwt.testing.TestKeys;
import io.apisec.jwt.testing.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benchmark's fixtures, exercised without JMH: each of the nine combinations validates (not
 * rejects) every token of its pool, and the hand-built Nimbus baseline is as strict as claimed.
 */
class JwtValidationBenchmarkTest {

    private static final List<String> ALGORITHMS = List.of("RS256", "ES256", "EdDSA");
    private static final List<String> PATHS = List.of("rawNimbus", "validatorUncached", "validatorCached");

    private final JwtValidationBenchmark benchmark = new JwtValidationBenchmark();
    private final JwtValidationBenchmark.Fixture fixture = new JwtValidationBenchmark.Fixture();

    @AfterEach
    void tearDown() {
        fixture.tearDown();
    }

    static Stream<Arguments> combinations() {
        return PATHS.stream().flatMap(path -> ALGORITHMS.stream().map(alg -> Arguments.of(path, alg)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("combinations")
    void benchmarkWhenRunOverItsPoolThenValidatesEveryDistinctTokenOnce(String path, String algorithm)
            throws Exception {
        fixture.algorithm = algorithm;
        fixture.setUp(path);
        JwtValidationBenchmark.Cursor cursor = new JwtValidationBenchmark.Cursor();
        cursor.setUp();

        List<String> jtis = new ArrayList<>();
        for (int i = 0; i < fixture.tokens.length; i++) {
            jtis.add(switch (path) {
                case "rawNimbus" -> benchmark.rawNimbus(fixture, cursor).getJWTID();
                case "validatorUncached" -> benchmark.validatorUncached(fixture, cursor).tokenId().orElseThrow();
                default -> benchmark.validatorCached(fixture, cursor).tokenId().orElseThrow();
            });
        }

        assertThat(new HashSet<>(jtis)).isEqualTo(jtisOf(fixture.tokens));
        assertThat(fixture.tokens).hasSize(path.equals("validatorCached")
                ? JwtValidationBenchmark.REPEATED_TOKENS : JwtValidationBenchmark.DISTINCT_TOKENS);
    }

    static Stream<Arguments> breakages() {
        List<Arguments> cases = new ArrayList<>();
        for (String alg : ALGORITHMS) {
            cases.add(Arguments.of(alg, "another issuer", (UnaryOperator<TestTokens.Builder>)
                    t -> t.claim("iss", "https://evil.example")));
            cases.add(Arguments.of(alg, "another audience", (UnaryOperator<TestTokens.Builder>)
                    t -> t.claim("aud", "billing-api")));
            cases.add(Arguments.of(alg, "no jti", (UnaryOperator<TestTokens.Builder>) t -> t.without("jti")));
            cases.add(Arguments.of(alg, "typ JWT", (UnaryOperator<TestTokens.Builder>) t -> t.type("JWT")));
            cases.add(Arguments.of(alg, "expired", (UnaryOperator<TestTokens.Builder>)
                    t -> t.expiresAt(Clock.systemUTC().instant().minusSeconds(3600))));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("breakages")
    void rawNimbusWhenTokenBreaksARuleThenRejected(String algorithm, String breakage,
                                                   UnaryOperator<TestTokens.Builder> breakIt) {
        JWK key = TestKeys.forAlgorithm(JWSAlgorithm.parse(algorithm), "k1");
        DefaultJWTProcessor<SecurityContext> raw = JwtValidationBenchmark.Fixture.rawNimbusProcessor(
                JWSAlgorithm.parse(algorithm), key);
        String token = breakIt.apply(TestTokens.accessToken(key, Clock.systemUTC())).sign();

        assertThatThrownBy(() -> raw.process(token, null)).isInstanceOf(BadJOSEException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void rawNimbusWhenSignedByAnotherKeyUnderTheSameKidThenRejected(String algorithm) {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWK key = TestKeys.forAlgorithm(alg, "k1");
        DefaultJWTProcessor<SecurityContext> raw = JwtValidationBenchmark.Fixture.rawNimbusProcessor(alg, key);
        String token = TestTokens.accessToken(TestKeys.forAlgorithm(alg, "k1"), Clock.systemUTC()).sign();

        assertThatThrownBy(() -> raw.process(token, null)).isInstanceOf(BadJOSEException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void rawNimbusWhenTokenValidThenAccepted(String algorithm) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        JWK key = TestKeys.forAlgorithm(alg, "k1");
        DefaultJWTProcessor<SecurityContext> raw = JwtValidationBenchmark.Fixture.rawNimbusProcessor(alg, key);
        String token = TestTokens.accessToken(key, Clock.systemUTC()).sign();

        assertThat(raw.process(token, null).getSubject()).isEqualTo("alice");
    }

    private static Set<String> jtisOf(String[] tokens) throws Exception {
        Set<String> jtis = new HashSet<>();
        for (String token : tokens) {
            jtis.add(SignedJWT.parse(token).getJWTClaimsSet().getJWTID());
        }
        return jtis;
    }
}
