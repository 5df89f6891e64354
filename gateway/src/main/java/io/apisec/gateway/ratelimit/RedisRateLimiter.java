package io.apisec.gateway.ratelimit;

import io.apisec.gateway.shared.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * GCRA in Redis, for several gateway nodes sharing one budget: one Lua script per decision (atomic, on Redis's
 * clock), sent by its SHA-1 and loaded again when Redis does not know it. Bucket keys are
 * {@code apisec:rl:<policy>:<key>}, a long key replaced by its SHA-256; a bucket expires once full again.
 */
public final class RedisRateLimiter implements RateLimiter {

    static final String PREFIX = "apisec:rl:";
    private static final int MAX_RAW_KEY = 128;
    private static final RedisScript SCRIPT = RedisScript.load(RedisRateLimiter.class, "gcra.lua");

    private final RedisAPI redis;

    public RedisRateLimiter(RedisAPI redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public Future<RateDecision> acquire(String key, RatePolicy policy) {
        long intervalMicros = Math.max(1, policy.emissionIntervalNanos() / 1000);
        return SCRIPT.run(redis, List.of(bucket(policy, key)), List.of(Long.toString(intervalMicros),
                Long.toString(intervalMicros * policy.burst()))).map(answer -> decision(policy, answer));
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

    private static String sha256(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(RedisScript.digest("SHA-256", text));
    }
}
