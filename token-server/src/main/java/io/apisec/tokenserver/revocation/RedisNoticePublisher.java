package io.apisec.tokenserver.revocation;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Publishes each revocation notice, as JSON, on a Redis channel that every gateway node subscribes to.
 * Fire and forget: a notice that cannot be published is logged (at most once a minute) and counted; the
 * revocation itself is stored already, and the gateways' cache lifetime bounds what a lost notice costs.
 */
public final class RedisNoticePublisher implements Consumer<RevocationNotice>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNoticePublisher.class);
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final Redis redis;
    private final RedisAPI api;
    private final String channel;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE / 2);

    public RedisNoticePublisher(Vertx vertx, String url, String channel) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolWaiting(1_000));
        this.api = RedisAPI.api(redis);
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    @Override
    public void accept(RevocationNotice notice) {
        api.publish(channel, notice.toJson().encode()).onFailure(e -> {
            failures.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLogged.get();
            if (now - last >= LOG_INTERVAL_MILLIS && lastLogged.compareAndSet(last, now)) {
                LOG.warn("Revocation notices cannot be published on Redis channel {} ({}); gateways evict revoked"
                        + " tokens at their cache expiry instead. {} failed so far", channel, e.getMessage(),
                        failures.get());
            }
        });
    }

    /** Notices that could not be published. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        redis.close();
    }
}
