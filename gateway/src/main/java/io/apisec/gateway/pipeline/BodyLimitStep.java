package io.apisec.gateway.pipeline;

import io.apisec.gateway.route.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The route's body limit, before any other work: a declared {@code Content-Length} above it is 413 at once; a
 * body without a length is counted as it streams to the upstream, and the connection is closed when it passes
 * the limit (the upstream request fails with it), since the status line may already be on its way.
 */
public final class BodyLimitStep implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        Body body = context.request().getBody();
        long declared = body == null ? -1 : body.length();
        if (declared > route.maxBodyBytes()) {
            return Refusal.send(context, 413, "invalid_request", "The request body is larger than this route takes ("
                    + route.maxBodyBytes() + " bytes).", "body too large");
        }
        if (declared < 0 && !hasNoBody(context.request())) {
            context.request().setBody(Body.body(new Limited(body.stream(), route.maxBodyBytes(),
                    () -> context.request().proxiedRequest().connection().close()), -1, body.mediaType()));
        }
        return context.sendRequest();
    }

    /**
     * Whether the request has no body for sure: none, or an empty one, or an HTTP/1.x request with neither
     * {@code Content-Length} nor {@code Transfer-Encoding} (RFC 9112 §6.3), the usual GET; such a body needs no
     * counting nor watching as it streams. Any other version may carry a body without either header.
     */
    static boolean hasNoBody(ProxyRequest request) {
        Body body = request.getBody();
        if (body == null || body.length() == 0) {
            return true;
        }
        HttpServerRequest from = request.proxiedRequest();
        boolean http1 = from.version() == HttpVersion.HTTP_1_1 || from.version() == HttpVersion.HTTP_1_0;
        return body.length() < 0 && http1 && !from.headers().contains(HttpHeaders.CONTENT_LENGTH)
                && !from.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    /** A body stream that stops at {@code max} bytes and calls {@code tooLarge} instead of passing more on. */
    private static final class Limited extends ForwardingBody {

        private final long max;
        private final Runnable tooLarge;
        private long seen;
        private Handler<Throwable> exceptionHandler;

        Limited(ReadStream<Buffer> source, long max, Runnable tooLarge) {
            super(source);
            this.max = max;
            this.tooLarge = tooLarge;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            exceptionHandler = handler;
            source.exceptionHandler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            source.handler(handler == null ? null : chunk -> {
                seen += chunk.length();
                if (seen > max) {
                    source.handler(null);
                    if (exceptionHandler != null) {
                        exceptionHandler.handle(new IllegalStateException("request body above the route's limit"));
                    }
                    tooLarge.run();
                    return;
                }
                handler.handle(chunk);
            });
            return this;
        }
    }
}
