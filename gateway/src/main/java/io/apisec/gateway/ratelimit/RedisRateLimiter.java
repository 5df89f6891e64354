package io.apisec.gateway.ratelimit;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * GCRA in Redis, for several gateway nodes sharing one budget: one Lua script per decision (atomic, on Redis's
 * clock), sent by its SHA-1 and loaded again when Redis does not know it. Bucket keys are
 * {@code apisec:rl:<policy>:<key>}, a long key replaced by its SHA-256; a bucket expires once full again.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String PREFIX = "apisec:rl:";
    private static final int MAX_RAW_KEY = 128;
    private static final String SCRIPT = load("gcra.lua");
    private static final String SCRIPT_SHA = sha1(SCRIPT);

    private final RedisAPI redis;

    public RedisRateLimiter(RedisAPI redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        long intervalMicros = Math.max(1, policy.emissionIntervalNanos() / 1000);
        List<String> arguments = List.of(SCRIPT_SHA, "1", bucket(policy, key), Long.toString(intervalMicros),
                Long.toString(intervalMicros * policy.burst()));
        return redis.evalsha(arguments)
                .recover(e -> e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")
                        ? redis.eval(withScript(arguments)) : Future.failedFuture(e))
                .map(answer -> decision(policy, answer));
    }

    static String bucket(RatePolicy policy, String key) {
        String part = key.length() <= MAX_RAW_KEY ? key : "#" + sha256(key);
        return PREFIX + policy.name() + ":" + part;
    }

    private static RateDecision decision(RatePolicy policy, Response answer) {
        boolean allowed = answer.get(0).toLong() == 1;
        return new RateDecision(policy, allowed, answer.get(1).toLong(), Duration.ofNanos(answer.get(2).toLong() * 1000),
                Duration.ofNanos(answer.get(3).toLong() * 1000));
    }

    private static List<String> withScript(List<String> arguments) {
        return Stream.concat(Stream.of(SCRIPT), arguments.stream().skip(1)).toList();
    }

    private static String load(String name) {
        try (InputStream in = RedisRateLimiter.class.getResourceAsStream(name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        return HexFormat.of().formatHex(digest("SHA-1", text));
    }

    private static String sha256(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256", text));
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
