package io.apisec.gateway.pipeline;

import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.UpstreamPool;
import io.apisec.gateway.route.Upstreams;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Step 8: the request to one of the route's upstreams, over TLS when it is https (verified, against the route's
 * trust store when it has one), with the route's client certificate when it has one: the upstreams in turn ({@link UpstreamPool}); an upstream that cannot be
 * reached is counted as failed and the next one tried (nothing was sent, so any method may be); one that stays
 * silent past the response timeout counts as failed too, one that answers is whole again; a request once sent is
 * never sent again. The request goes to the upstream's base path, and fails when the upstream stays silent for the
 * route's response timeout after the request's body was sent (a slow upload is not its silence).
 */
public final class UpstreamRequests implements OriginRequestProvider {

    /** Set once a connection to an upstream was had: a timeout after it is the upstream's silence (504). */
    static final String CONNECTED = "apisec.upstream-connected";

    private final Function<Upstreams.Tls, HttpClient> tlsClients;
    private final Map<String, UpstreamPool> pools = new ConcurrentHashMap<>();

    /**
     * @param tlsClients the client for routes with TLS settings of their own, a trust store or a client
     *                   certificate (made once per settings, closed by the gateway)
     */
    public UpstreamRequests(Function<Upstreams.Tls, HttpClient> tlsClients) {
        this.tlsClients = Objects.requireNonNull(tlsClients, "tlsClients");
    }

    /** At reload: the pools of routes that are gone are dropped. */
    public void retain(Set<String> routeNames) {
        pools.keySet().retainAll(routeNames);
    }

    @Override
    public Future<HttpClientRequest> create(ProxyContext context) {
        Route route = context.get(Attributes.ROUTE, Route.class);
        if (route == null) {
            return Future.failedFuture(new IllegalStateException("no route: nothing is proxied"));
        }
        Upstreams upstreams = route.upstreams();
        HttpClient client = upstreams.tls().map(tlsClients).orElse(context.client());
        // A reloaded route with other upstreams starts a pool of its own (no lock on the usual path).
        UpstreamPool pool = pools.get(route.name());
        if (pool == null || !pool.targets().equals(upstreams.targets())) {
            pool = pools.compute(route.name(), (name, held) -> held != null
                    && held.targets().equals(upstreams.targets()) ? held : new UpstreamPool(upstreams.targets(),
                    System::currentTimeMillis));
        }
        return attempt(context, context.request().getURI(), client, upstreams, pool,
                new boolean[upstreams.targets().size()]);
    }

    private static String withoutTrailingSlashes(String path) {
        if (path == null) {
            return "";
        }
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    private Future<HttpClientRequest> attempt(ProxyContext context, String uri, HttpClient client, Upstreams upstreams,
                                              UpstreamPool pool, boolean[] tried) {
        int index = pool.pick(tried);
        tried[index] = true;
        URI target = upstreams.targets().get(index);
        boolean tls = target.getScheme().equals("https");
        int port = target.getPort() > 0 ? target.getPort() : tls ? 443 : 80;
        String host = target.getHost().startsWith("[") ? target.getHost().substring(1, target.getHost().length() - 1)
                : target.getHost(); // an IPv6 literal, without its brackets
        String base = withoutTrailingSlashes(target.getRawPath());
        // The proxy sends the request's own URI: this upstream's base path goes there.
        context.request().setURI(base + uri);
        RequestOptions options = new RequestOptions().setServer(SocketAddress.inetSocketAddress(port, host))
                .setSsl(tls).setHost(host).setPort(port).setMethod(context.request().getMethod())
                .setURI(base + uri)
                .setConnectTimeout(upstreams.connectTimeout().toMillis());
        return client.request(options).transform(made -> {
            if (made.failed()) {
                pool.failed(index);
                boolean another = false;
                for (boolean done : tried) {
                    another |= !done;
                }
                return another ? attempt(context, uri, client, upstreams, pool, tried)
                        : Future.failedFuture(made.cause());
            }
            HttpClientRequest request = made.result();
            context.set(CONNECTED, Boolean.TRUE);
            // The response timeout runs from the end of the request's body: a slow upload is the client's time,
            // not the upstream's silence (a stalled client meets the listener's idle timeout instead).
            long timeout = upstreams.responseTimeout().toMillis();
            if (BodyLimitStep.hasNoBody(context.request())) {
                request.idleTimeout(timeout);
            } else {
                Body body = context.request().getBody();
                context.request().setBody(Body.body(new BodyEnd(body.stream(), () -> request.idleTimeout(timeout)),
                        body.length(), body.mediaType()));
            }
            // An answer makes the upstream whole again; only its silence counts against it. A failure the client
            // caused (an aborted or oversized upload resets the request) says nothing of the upstream.
            request.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    pool.succeeded(index);
                } else if (answered.cause() instanceof TimeoutException) {
                    pool.failed(index);
                }
            });
            return Future.succeededFuture(request);
        });
    }
}
