package io.apisec.tokenserver.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose client is too slow (slowloris): the idle timeout alone restarts at every byte,
 * so one byte every few seconds would hold a connection for ever. A new connection must deliver its first
 * request's headers within the header timeout; each request must arrive whole (headers and body) within
 * it too; between requests, a kept-alive connection must start the next one within the keep-alive timeout
 * (as long as the listener's idle timeout, so a well-behaved pooled client sees nothing new). HTTP/1.x and
 * HTTP/2 alike (a connection's streams are its requests in flight). Checked by one sweep per listener, a few
 * times per timeout, rather than a timer per connection; nothing here depends on the handlers.
 */
public final class HeaderDeadline implements AutoCloseable {

    private final Vertx vertx;
    private final long timeoutNanos;
    private final long keepAliveNanos;
    private final Map<HttpConnection, Activity> connections = new ConcurrentHashMap<>();
    private final long sweep;

    /** What one connection is doing: its requests in flight, and since when it has had none. */
    private static final class Activity {
        final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
        volatile long idleSince = System.nanoTime();
        volatile boolean served;
    }

    private record Request(HttpServerRequest request, long startedAt) {
    }

    public HeaderDeadline(Vertx vertx, Duration timeout, Duration keepAlive) {
        this.vertx = vertx;
        this.timeoutNanos = timeout.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.sweep = vertx.setPeriodic(Math.max(100, Math.min(1_000, timeout.toMillis() / 4)), id -> sweep());
    }

    /** Serves {@code handler} on {@code server} under the deadline. */
    public HttpServer install(HttpServer server, Handler<HttpServerRequest> handler) {
        return server.connectionHandler(connection -> {
            connections.put(connection, new Activity());
            connection.closeHandler(closed -> connections.remove(connection));
        }).requestHandler(request -> {
            Activity activity = connections.get(request.connection());
            if (activity != null) {
                activity.inFlight.add(new Request(request, System.nanoTime()));
            }
            handler.handle(request);
        });
    }

    /** Stops the sweep (with the listeners). */
    @Override
    public void close() {
        vertx.cancelTimer(sweep);
    }

    private void sweep() {
        long now = System.nanoTime();
        connections.forEach((connection, activity) -> {
            boolean late = false;
            for (Request r : activity.inFlight) {
                if (r.request().response().ended() || r.request().response().closed()) {
                    activity.inFlight.remove(r);
                    activity.idleSince = now;
                    activity.served = true;
                } else if (!r.request().isEnded() && now - r.startedAt() > timeoutNanos) {
                    late = true; // its body is still trickling in
                }
            }
            long idleLimit = activity.served ? keepAliveNanos : timeoutNanos;
            if (late || (activity.inFlight.isEmpty() && now - activity.idleSince > idleLimit)) {
                connections.remove(connection);
                connection.close();
            }
        });
    }
}
