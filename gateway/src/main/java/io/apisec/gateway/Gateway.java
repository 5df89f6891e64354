package io.apisec.gateway;

import io.apisec.gateway.phantom.PhantomTokenCache;
import io.apisec.gateway.phantom.PhantomTokenClient;
import io.apisec.gateway.pipeline.AuthenticateStep;
import io.apisec.gateway.pipeline.AuthorizeStep;
import io.apisec.gateway.pipeline.BlockStep;
import io.apisec.gateway.pipeline.BodyLimitStep;
import io.apisec.gateway.pipeline.ForwardStep;
import io.apisec.gateway.pipeline.NormalizeStep;
import io.apisec.gateway.pipeline.ObserveStep;
import io.apisec.gateway.pipeline.RateLimitStep;
import io.apisec.gateway.pipeline.RouteStep;
import io.apisec.gateway.pipeline.UpstreamRequests;
import io.apisec.gateway.ratelimit.FallbackRateLimiter;
import io.apisec.gateway.ratelimit.LocalRateLimiter;
import io.apisec.gateway.ratelimit.RateLimiter;
import io.apisec.gateway.ratelimit.RedisRateLimiter;
import io.apisec.gateway.route.RouteTable;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The API gateway: one HTTPS listener in front of every route, each request through the pipeline of
 * ARCHITECTURE.md as {@code vertx-http-proxy} interceptors, one job each: normalize, route, authenticate,
 * authorize, rate limit, forward, proxy, observed from end to end (one JSON access-log line per request).
 */
public final class Gateway {

    private static final Duration INTROSPECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXPIRY_SKEW = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int IDLE_TIMEOUT_SECONDS = 30;
    private static final int MAX_WAITING = 1_000;
    private static final int UPSTREAM_CONNECTIONS = 64;

    private final HttpServer server;
    private final HttpClient upstreams;
    private final WebClient tokenServer;
    private final JwksKeySource keys;
    private final Redis redis;

    private Gateway(HttpServer server, HttpClient upstreams, WebClient tokenServer, JwksKeySource keys, Redis redis) {
        this.server = server;
        this.upstreams = upstreams;
        this.tokenServer = tokenServer;
        this.keys = keys;
        this.redis = redis;
    }

    private static final Logger ACCESS = LoggerFactory.getLogger("apisec.access");

    /** Starts with the access log on the {@code apisec.access} logger, one JSON line per request. */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings) {
        return start(vertx, settings, line -> ACCESS.info(line.encode()));
    }

    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, Consumer<JsonObject> accessLog) {
        Clock clock = Clock.systemUTC();
        PemTrustOptions trust = new PemTrustOptions().addCertPath(settings.trustedCertificates().toString());
        SSLContext keysTls;
        try {
            keysTls = SSLContext.getInstance("TLS");
            keysTls.init(null, trust.getTrustManagerFactory(vertx).getTrustManagers(), null);
        } catch (Exception e) {
            return Future.failedFuture(new IllegalStateException("cannot read the trusted certificates "
                    + settings.trustedCertificates() + ": " + e.getMessage(), e));
        }
        JwksKeySource keys = JwksKeySource.builder().issuer(settings.issuer()).sslContext(keysTls).build();
        // The phantom exchange's answer comes from the token server itself (TLS, the gateway's credentials): its
        // JWT is checked for issuer and signature; the audience is the upstream's to check.
        JwtValidator validator = JwtValidator.builder().issuer(settings.issuer().toString()).ignoreAudience()
                .keySource(keys).clock(clock).build();
        // Bounded: a flood of unknown tokens waits in a short queue, then gets 503, instead of piling up.
        WebClient tokenServer = WebClient.create(vertx, new WebClientOptions().setTrustOptions(trust)
                .setVerifyHost(true).setUserAgentEnabled(false).setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS), new PoolOptions().setMaxWaitQueueSize(MAX_WAITING));
        PhantomTokenCache phantom = new PhantomTokenCache(new PhantomTokenClient(vertx, tokenServer,
                settings.introspectionEndpoint(), settings.introspectionClient(), settings.introspectionSecret(),
                validator, INTROSPECTION_TIMEOUT, EXPIRY_SKEW, clock), settings.cacheMaxTtl(), 100_000,
                Duration.ofSeconds(10), 10_000, clock);
        HttpClient upstreams = vertx.createHttpClient(new HttpClientOptions().setTrustOptions(trust)
                .setVerifyHost(true).setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(IDLE_TIMEOUT_SECONDS),
                new PoolOptions().setHttp1MaxSize(UPSTREAM_CONNECTIONS).setMaxWaitQueueSize(MAX_WAITING));
        LocalRateLimiter local = new LocalRateLimiter(100_000, clock);
        Redis redis = settings.redis().map(store -> Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(store.url()).setMaxPoolWaiting(MAX_WAITING))).orElse(null);
        RateLimiter limiter = settings.redis().<RateLimiter>map(store -> {
            RedisRateLimiter shared = new RedisRateLimiter(RedisAPI.api(redis));
            return store.failOpenToLocal() ? new FallbackRateLimiter(shared, local) : shared;
        }).orElse(local);
        // No WebSocket upgrades: the library runs interceptors on upgrades only when asked, so an upgrade would
        // pass every step unchecked. Routes that need WebSockets come with their own support, later.
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), upstreams)
                .origin(new UpstreamRequests())
                .addInterceptor(new ObserveStep(accessLog, clock))
                .addInterceptor(new NormalizeStep())
                .addInterceptor(BlockStep.addresses(settings.deny()))
                .addInterceptor(new RouteStep(new RouteTable(settings.routes())))
                .addInterceptor(new BodyLimitStep())
                .addInterceptor(new AuthenticateStep(vertx, phantom, audience -> JwtValidator.builder()
                        .issuer(settings.issuer().toString()).audience(audience).keySource(keys).clock(clock).build()))
                .addInterceptor(BlockStep.identities(settings.deny()))
                .addInterceptor(new AuthorizeStep())
                .addInterceptor(new RateLimitStep(limiter))
                .addInterceptor(new ForwardStep());
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host())
                .setPort(settings.port()).setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(settings.certificate().toString())
                        .setKeyPath(settings.privateKey().toString()))
                .setMaxHeaderSize(16 * 1024).setMaxInitialLineLength(8 * 1024)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS));
        return server.requestHandler(proxy).listen()
                .map(bound -> new Gateway(bound, upstreams, tokenServer, keys, redis))
                .onFailure(e -> {
                    keys.close();
                    tokenServer.close();
                    upstreams.close();
                    if (redis != null) {
                        redis.close();
                    }
                });
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        keys.close();
        tokenServer.close();
        return server.close().eventually(upstreams::close).andThen(done -> {
            if (redis != null) {
                redis.close();
            }
        });
    }
}
