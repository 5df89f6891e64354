package io.apisec.tokenserver.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that does not deliver a request's headers in time (slowloris): the idle timeout
 * alone restarts at every byte, so one byte every few seconds would hold a connection for ever. The clock
 * starts when the connection opens and, on HTTP/1.x, again when a response ends; the request handler
 * stops it. (On HTTP/2, only the first request is timed: its streams are bounded by the protocol.)
 */
public final class HeaderDeadline {

    private final Vertx vertx;
    private final long millis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    public HeaderDeadline(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.millis = timeout.toMillis();
    }

    /** Serves {@code handler} on {@code server} under the deadline. */
    public HttpServer install(HttpServer server, Handler<HttpServerRequest> handler) {
        return server.connectionHandler(connection -> {
            arm(connection);
            connection.closeHandler(closed -> disarm(connection));
        }).requestHandler(request -> {
            HttpConnection connection = request.connection();
            disarm(connection);
            if (request.version() != HttpVersion.HTTP_2) {
                request.response().endHandler(ended -> arm(connection));
            }
            handler.handle(request);
        });
    }

    private void arm(HttpConnection connection) {
        long timer = vertx.setTimer(millis, fired -> {
            timers.remove(connection);
            connection.close();
        });
        Long previous = timers.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void disarm(HttpConnection connection) {
        Long timer = timers.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
