package io.apisec.gateway.shared;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One connection subscribed to Redis channels, kept open: the subscription counts only once Redis confirmed
 * every channel; an error reply, a closed connection or a PING left unanswered (a half-open connection) makes
 * it again, after 1 s, then less often, up to every 10 s; and {@code onSubscribed} runs each time the
 * subscription is (re)established, so that whoever depends on the messages can catch up on what it may have
 * missed. All on one event loop.
 */
public final class RedisSubscriber implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscriber.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final long LAST_RETRY_MILLIS = 10_000;
    private static final long PING_MILLIS = 15_000;

    private final Vertx vertx;
    private final Redis redis;
    private final Map<String, Consumer<String>> channels;
    private final Runnable onSubscribed;
    private final Set<String> confirmed = new HashSet<>();
    private RedisConnection connection;
    private long attempt;
    private long retryMillis = FIRST_RETRY_MILLIS;
    private long lastHeard;
    private long pingTimer = -1;
    private boolean lostLogged;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private Context context;

    /**
     * @param channels     what to do with each channel's messages
     * @param onSubscribed run each time the subscription is established
     */
    public RedisSubscriber(Vertx vertx, String url, Map<String, Consumer<String>> channels, Runnable onSubscribed) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        this.channels = Map.copyOf(channels);
        this.onSubscribed = Objects.requireNonNull(onSubscribed, "onSubscribed");
    }

    /** Subscribes; call once. Everything after runs on one context, this call's or a new one. */
    public void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(go -> connect());
    }

    private void connect() {
        if (closed) {
            return;
        }
        long mine = ++attempt;
        confirmed.clear();
        redis.connect().onComplete(opened -> {
            if (opened.failed()) {
                lost(mine, opened.cause().getMessage());
                return;
            }
            if (closed || mine != attempt) {
                opened.result().close();
                return;
            }
            RedisConnection open = opened.result();
            connection = open;
            lastHeard = System.currentTimeMillis();
            open.handler(message -> dispatch(mine, message));
            open.exceptionHandler(e -> lost(mine, e.getMessage()));
            open.endHandler(end -> lost(mine, "connection closed"));
            Request subscribe = Request.cmd(Command.SUBSCRIBE);
            channels.keySet().forEach(subscribe::arg);
            open.send(subscribe).onFailure(e -> lost(mine, e.getMessage()));
            pingTimer = vertx.setPeriodic(PING_MILLIS, id -> ping(mine));
        });
    }

    private void dispatch(long mine, Response message) {
        if (mine != attempt || message == null) {
            return;
        }
        lastHeard = System.currentTimeMillis();
        if (message.type() == ResponseType.ERROR) {
            lost(mine, "Redis refused the subscription: " + message);
            return;
        }
        if (message.size() < 2) {
            return;
        }
        String kind = message.get(0).toString();
        if ("subscribe".equals(kind)) {
            confirmed.add(message.get(1).toString());
            if (!subscribed && confirmed.containsAll(channels.keySet())) {
                subscribed = true;
                retryMillis = FIRST_RETRY_MILLIS;
                if (lostLogged) {
                    LOG.info("Subscribed again to Redis channels {}", channels.keySet());
                    lostLogged = false;
                }
                onSubscribed.run();
            }
        } else if ("message".equals(kind) && message.size() == 3 && message.get(2) != null) {
            Consumer<String> handler = channels.get(message.get(1).toString());
            if (handler != null) {
                handler.accept(message.get(2).toString());
            }
        }
    }

    private void ping(long mine) {
        if (mine != attempt || connection == null) {
            return;
        }
        if (System.currentTimeMillis() - lastHeard > 2 * PING_MILLIS) {
            lost(mine, "no answer to PING");
            return;
        }
        connection.send(Request.cmd(Command.PING)).onFailure(e -> lost(mine, e.getMessage()));
    }

    private void lost(long mine, String reason) {
        if (closed || mine != attempt) {
            return; // an older attempt's late news, or already handled
        }
        attempt++;
        subscribed = false;
        vertx.cancelTimer(pingTimer);
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (!lostLogged) {
            LOG.warn("Redis channels {} unavailable ({}); retrying", channels.keySet(), reason);
            lostLogged = true;
        }
        long delay = retryMillis;
        retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
        vertx.setTimer(delay, fired -> connect());
    }

    /** Whether Redis confirmed the subscription to every channel: messages sent now reach this node. */
    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public void close() {
        closed = true;
        subscribed = false;
        if (context == null) {
            redis.close();
            return;
        }
        context.runOnContext(stop -> {
            vertx.cancelTimer(pingTimer);
            if (connection != null) {
                connection.close();
            }
            redis.close();
        });
    }
}
