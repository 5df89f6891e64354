package io.apisec.gateway.ratelimit;

import io.apisec.gateway.testing.TestChain;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several gateway nodes sharing one budget in the machine's Redis (127.0.0.1:6379; services profile: fails,
 * not skips, when Redis is absent). Each node has a client of its own, as separate processes would.
 */
@Tag("services")
class RedisRateLimiterTest {

    private static final String REDIS = System.getenv().getOrDefault("APISEC_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private Vertx vertx;
    private final List<Redis> clients = new ArrayList<>();
    private final String run = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void start() {
        vertx = TestChain.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        RedisAPI cleanup = RedisAPI.api(node());
        List<String> keys = new ArrayList<>(await(cleanup.keys(RedisRateLimiter.PREFIX + run + "*")).stream()
                .map(Object::toString).toList());
        if (!keys.isEmpty()) {
            await(cleanup.del(keys));
        }
        clients.forEach(Redis::close);
        await(vertx.close());
    }

    @Test
    void twoNodesSharingRedisAdmitTheLimitBetweenThem() throws Exception {
        RatePolicy policy = RatePolicy.of(run, 200, Duration.ofHours(1));
        RedisRateLimiter first = new RedisRateLimiter(RedisAPI.api(node()));
        RedisRateLimiter second = new RedisRateLimiter(RedisAPI.api(node()));
        List<Future<RateDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            decisions.add((i % 2 == 0 ? first : second).acquire("owner-acme", policy));
        }
        await(Future.all(decisions));
        long admitted = decisions.stream().filter(d -> d.result().allowed()).count();
        assertThat(admitted).as("one global budget: exactly the limit, whichever node asked").isEqualTo(200);
        // The two connections' requests interleave in any order at Redis: any refused one will do.
        RateDecision refused = decisions.stream().map(Future::result).filter(decision -> !decision.allowed())
                .findFirst().orElseThrow();
        assertThat(refused.retryAfter()).isGreaterThan(Duration.ZERO).isLessThanOrEqualTo(Duration.ofSeconds(18));
        assertThat(await(first.acquire("owner-other", policy)).allowed()).as("another key, another bucket").isTrue();
    }

    @Test
    void theSameDecisionsAsTheInProcessLimiter() throws Exception {
        RatePolicy policy = RatePolicy.of(run, 5, Duration.ofSeconds(100));
        RedisAPI api = RedisAPI.api(node());
        await(api.script(List.of("FLUSH"))); // as after a Redis restart: the script is sent again, once
        RedisRateLimiter limiter = new RedisRateLimiter(api);
        for (int remaining = 4; remaining >= 0; remaining--) {
            RateDecision decision = await(limiter.acquire("client-1", policy));
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(remaining);
        }
        RateDecision refused = await(limiter.acquire("client-1", policy));
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isBetween(Duration.ofSeconds(19), Duration.ofSeconds(20));
        assertThat(refused.resetAfter()).isBetween(Duration.ofSeconds(99), Duration.ofSeconds(100));
    }

    @Test
    void aLongKeyIsStoredByItsHashAndTheBucketExpiresWhenFull() throws Exception {
        RatePolicy policy = RatePolicy.of(run, 10, Duration.ofSeconds(10));
        String subject = "s".repeat(1_000);
        RedisAPI api = RedisAPI.api(node());
        await(new RedisRateLimiter(api).acquire(subject, policy));
        String bucket = RedisRateLimiter.bucket(policy, subject);
        assertThat(bucket).hasSizeLessThan(100).doesNotContain("sss");
        long ttl = await(api.pttl(bucket)).toLong();
        assertThat(ttl).isBetween(1L, 1_002L);
    }

    @Test
    void anUnreachableRedisFailsTheDecisionForTheCallersPolicy() {
        Redis nowhere = Redis.createClient(vertx, new RedisOptions().setConnectionString("redis://127.0.0.1:1"));
        clients.add(nowhere);
        Future<RateDecision> decision = new RedisRateLimiter(RedisAPI.api(nowhere))
                .acquire("k", RatePolicy.of(run, 1, Duration.ofSeconds(1)));
        assertThat(decision.toCompletionStage().toCompletableFuture()).failsWithin(10, TimeUnit.SECONDS);
    }

    private Redis node() {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(REDIS).setMaxPoolWaiting(1_000));
        clients.add(client);
        return client;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
