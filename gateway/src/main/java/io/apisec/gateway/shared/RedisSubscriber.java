package io.apisec.gateway.shared;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One connection subscribed to Redis channels, kept open: when it drops, it is made again (every second, then
 * less often, up to every 10 s), and {@code onSubscribed} runs each time the subscription is (re)established, so
 * that whoever depends on the messages can catch up on what it may have missed.
 */
public final class RedisSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LAST_RETRY_MILLIS = 10_000;

    private final Vertx vertx;
    private final Redis redis;
    private final Map<String, Consumer<String>> channels;
    private final Runnable onSubscribed;
    private volatile RedisConnection connection;
    private volatile boolean closed;
    private volatile boolean subscribed;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private boolean lostLogged;

    /**
     * @param channels     what to do with each channel's messages
     * @param onSubscribed run on the event loop each time the subscription is established
     */
    public RedisSubscriber(Vertx vertx, String url, Map<String, Consumer<String>> channels, Runnable onSubscribed) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        this.channels = Map.copyOf(channels);
        this.onSubscribed = Objects.requireNonNull(onSubscribed, "onSubscribed");
    }

    public void start() {
        if (closed) {
            return;
        }
        redis.connect().compose(opened -> {
            connection = opened;
            opened.handler(this::dispatch);
            opened.exceptionHandler(e -> lost(opened, e.getMessage()));
            opened.endHandler(end -> lost(opened, "connection closed"));
            Request subscribe = Request.cmd(Command.SUBSCRIBE);
            channels.keySet().forEach(subscribe::arg);
            return opened.send(subscribe);
        }).onSuccess(done -> {
            subscribed = true;
            retryMillis = FIRST_RETRY_MILLIS;
            if (lostLogged) {
                LOG.info("Subscribed again to Redis channels {}", channels.keySet());
                lostLogged = false;
            }
            onSubscribed.run();
        }).onFailure(e -> lost(connection, e.getMessage()));
    }

    private void dispatch(Response message) {
        // ["message", channel, payload]; subscription confirmations and anything else are not messages.
        if (message == null || message.size() != 3 || !"message".equals(message.get(0).toString())) {
            return;
        }
        Consumer<String> handler = channels.get(message.get(1).toString());
        if (handler != null && message.get(2) != null) {
            handler.accept(message.get(2).toString());
        }
    }

    private synchronized void lost(RedisConnection lost, String reason) {
        if (closed || (lost != null && lost != connection)) {
            return;
        }
        connection = null;
        subscribed = false;
        if (lost != null) {
            lost.close();
        }
        if (!lostLogged) {
            LOG.warn("Redis channels {} unavailable ({}); retrying", channels.keySet(), reason);
            lostLogged = true;
        }
        long delay = retryMillis;
        retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
        vertx.setTimer(delay, fired -> start());
    }

    /** Whether the subscription is up: messages sent now reach this node. */
    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public void close() {
        closed = true;
        RedisConnection open = connection;
        if (open != null) {
            open.close();
        }
        redis.close();
    }
}
