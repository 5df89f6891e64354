package io.apisec.bench;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The floor of JWT issuance: one RS256 signature (2048-bit key, Nimbus {@link RSASSASigner}) over an
 * RFC 9068 access token like the token server's, with nothing else. The token-server load run measures this
 * in the same run, on two threads, and reports issuance as a ratio of it (target: within 15%).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

    private RSASSASigner signer;
    private JWSHeader header;

    @Setup
    public void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        signer = new RSASSASigner(key);
        header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").type(new JOSEObjectType("at+jwt")).build();
    }

    @Benchmark
    public String signRs256() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://localhost:18443").subject("bench-jwt")
                .audience(List.of("orders-api")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .jwtID(UUID.randomUUID().toString()).claim("client_id", "bench-jwt").claim("scope", "orders:read")
                .claim("tenant", "acme").build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
