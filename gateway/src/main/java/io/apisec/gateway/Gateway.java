package io.apisec.gateway;

import io.apisec.gateway.admin.AdminApi;
import io.apisec.gateway.admin.AdminOperations;
import io.apisec.gateway.admin.ReloadRefusedException;
import io.apisec.gateway.block.DenyKind;
import io.apisec.gateway.block.DenyRules;
import io.apisec.gateway.block.InvalidTokenBudget;
import io.apisec.gateway.block.SharedDenyList;
import io.apisec.gateway.config.GatewayConfigException;
import io.apisec.gateway.metrics.CountingIntrospector;
import io.apisec.gateway.metrics.GatewayMetrics;
import io.apisec.gateway.phantom.PhantomTokenCache;
import io.apisec.gateway.phantom.PhantomTokenClient;
import io.apisec.gateway.phantom.RevokedTokens;
import io.apisec.gateway.phantom.SharedTokenCache;
import io.apisec.gateway.phantom.TokenIntrospector;
import io.apisec.gateway.pipeline.AuthenticateStep;
import io.apisec.gateway.pipeline.AuthorizeStep;
import io.apisec.gateway.pipeline.BlockStep;
import io.apisec.gateway.pipeline.BodyLimitStep;
import io.apisec.gateway.pipeline.FormTokenStep;
import io.apisec.gateway.pipeline.ForwardStep;
import io.apisec.gateway.pipeline.NormalizeStep;
import io.apisec.gateway.pipeline.ObserveStep;
import io.apisec.gateway.pipeline.RateLimitStep;
import io.apisec.gateway.pipeline.RewriteStep;
import io.apisec.gateway.pipeline.RouteStep;
import io.apisec.gateway.pipeline.UpstreamRequests;
import io.apisec.gateway.ratelimit.FallbackRateLimiter;
import io.apisec.gateway.ratelimit.LocalRateLimiter;
import io.apisec.gateway.ratelimit.RateLimiter;
import io.apisec.gateway.ratelimit.RedisRateLimiter;
import io.apisec.gateway.revocation.RevocationListener;
import io.apisec.gateway.route.Route;
import io.apisec.gateway.route.RouteTable;
import io.apisec.gateway.route.Upstreams;
import io.apisec.gateway.shared.RedisSubscriber;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The API gateway: one HTTPS listener in front of every route, each request through the pipeline of
 * ARCHITECTURE.md as {@code vertx-http-proxy} interceptors, one job each: normalize, block, route,
 * authenticate, authorize, rate limit, forward, proxy, observed from end to end (one JSON access-log line and
 * the metrics per request); and an admin listener for health, metrics, the deny list and reloads.
 */
public final class Gateway implements AdminOperations {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("apisec.access");
    private static final Duration INTROSPECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration EXPIRY_SKEW = Duration.ofSeconds(30);
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int IDLE_TIMEOUT_SECONDS = 30;
    private static final int MAX_WAITING = 1_000;
    /** Connections to one upstream per listener (one listener per core), as nginx's keepalive is per worker. */
    private static final int UPSTREAM_CONNECTIONS = 64;
    /** Addresses the invalid-token budget remembers at once (a flood from many addresses costs bounded memory). */
    private static final int MAX_TRACKED_ADDRESSES = 100_000;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final long DENY_RESYNC_MILLIS = 30_000;
    private static final AtomicInteger RANDOM_PORTS = new AtomicInteger();

    private final Vertx vertx;
    private final Callable<GatewaySettings> configSource;
    private final Resources resources;
    private final DenyRules deny;
    private final InvalidTokenBudget invalidTokens;
    private volatile GatewaySettings settings;
    private volatile RouteTable routes;
    /** The proxy's listeners, one per core, all on one port. */
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    private String listenerDeployment;
    private HttpServer adminServer;
    private RevocationListener revocations;
    private SharedDenyList sharedDeny;
    private RedisSubscriber subscriber;
    private long denyTimer = -1;
    private final Map<Upstreams.Tls, HttpClientAgent> tlsClients = new ConcurrentHashMap<>();
    /** Set as closing starts: no route's client is made after it, to outlive the gateway. */
    private volatile boolean closing;
    private PemTrustOptions trust;
    private UpstreamRequests upstreamRequests;
    private final AtomicBoolean reloading = new AtomicBoolean();

    /** What the gateway opened, closed in one place whether the start completes or not. */
    private record Resources(GatewayMetrics metrics, JwksKeySource keys, WebClient tokenServer, Redis redis) {
        Future<Void> close() {
            keys.close();
            tokenServer.close();
            if (redis != null) {
                redis.close();
            }
            metrics.close();
            return Future.succeededFuture();
        }
    }

    private Gateway(Vertx vertx, GatewaySettings settings, Callable<GatewaySettings> configSource,
                    Resources resources) {
        this.vertx = vertx;
        this.settings = settings;
        this.configSource = configSource;
        this.resources = resources;
        this.deny = new DenyRules(settings.deny());
        this.invalidTokens = new InvalidTokenBudget(settings.invalidTokens(), MAX_TRACKED_ADDRESSES, Clock.systemUTC());
        this.routes = new RouteTable(settings.routes());
    }

    /** Starts with the access log on the {@code apisec.access} logger; not reloadable from a file. */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings) {
        return start(vertx, settings, ACCESS::info, null);
    }

    /**
     * @param accessLog    takes one access-log line per request, a JSON object
     * @param configSource reads the configuration again for {@link #reload()}; null when there is no file
     */
    public static Future<Gateway> start(Vertx vertx, GatewaySettings settings, Consumer<String> accessLog,
                                        Callable<GatewaySettings> configSource) {
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
        // Bounded: a flood of unknown tokens waits in a short queue, then gets 503, instead of piling up.
        WebClient tokenServer = WebClient.create(vertx, new WebClientOptions().setTrustOptions(trust)
                .setVerifyHost(true).setUserAgentEnabled(false).setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS), new PoolOptions().setMaxWaitQueueSize(MAX_WAITING));
        Redis redis = settings.redis().map(store -> Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(store.url()).setMaxPoolWaiting(MAX_WAITING))).orElse(null);
        Resources resources = new Resources(new GatewayMetrics(), keys, tokenServer, redis);
        Gateway gateway = new Gateway(vertx, settings, configSource, resources);
        return gateway.listen(clock, trust, accessLog).map(gateway).recover(failure -> gateway.closeListeners()
                .eventually(() -> resources.close()).transform(closed -> Future.failedFuture(failure)));
    }

    private Future<Void> listen(Clock clock, PemTrustOptions trust, Consumer<String> accessLog) {
        JwksKeySource keys = resources.keys;
        String issuer = settings.issuer().toString();
        // The phantom exchange's answer comes from the token server itself (TLS, the gateway's credentials): its
        // JWT is checked for issuer and signature; the audience is the upstream's to check.
        JwtValidator exchanged = JwtValidator.builder().issuer(issuer).ignoreAudience().keySource(keys).clock(clock)
                .build();
        PhantomTokenClient client = new PhantomTokenClient(vertx, resources.tokenServer,
                settings.introspectionEndpoint(), settings.introspectionClient(), settings.introspectionSecret(),
                exchanged, INTROSPECTION_TIMEOUT, EXPIRY_SKEW, clock);
        TokenIntrospector tokenServer = new CountingIntrospector(client, resources.metrics.registry(),
                CountingIntrospector.INTROSPECTIONS);
        // Revocations are remembered a little longer than any cache entry lives.
        RevokedTokens revoked = new RevokedTokens(settings.cacheMaxTtl().plusMinutes(1), clock);
        Optional<SharedTokenCache> shared = settings.redis().map(store -> new SharedTokenCache(
                RedisAPI.api(resources.redis), tokenServer, client::verifyShared, revoked, settings.cacheMaxTtl(), clock));
        PhantomTokenCache cache = new PhantomTokenCache(shared.<TokenIntrospector>map(s -> s).orElse(tokenServer),
                settings.cacheMaxTtl(), 100_000, Duration.ofSeconds(10), 10_000, revoked, clock);
        revocations = new RevocationListener(revoked, cache, shared, clock);
        this.trust = trust;
        upstreamRequests = new UpstreamRequests(this::tlsClient);
        // The steps are made once and shared by every listener (the rate limiter's state among them).
        List<ProxyInterceptor> steps = List.of(
                new ObserveStep(accessLog, resources.metrics, clock),
                new NormalizeStep(),
                BlockStep.addresses(deny),
                new RouteStep(() -> routes),
                new BodyLimitStep(),
                new FormTokenStep(),
                new AuthenticateStep(vertx, invalidTokens, new CountingIntrospector(cache,
                        resources.metrics.registry(), CountingIntrospector.LOOKUPS), audience -> JwtValidator.builder()
                        .issuer(issuer).audience(audience).keySource(keys).clock(clock).build()),
                BlockStep.identities(deny),
                new AuthorizeStep(),
                new RateLimitStep(rateLimiter(clock)),
                new ForwardStep(),
                new RewriteStep());
        // One proxy per listener, over that listener's own client: a request and its upstream connection stay on
        // one event loop. No WebSocket upgrades: the library runs interceptors on upgrades only when asked, so an
        // upgrade would pass every step unchecked. Routes that need WebSockets come with their own support, later.
        Function<HttpClient, HttpProxy> proxies = upstreams -> {
            HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), upstreams)
                    .origin(upstreamRequests);
            steps.forEach(proxy::addInterceptor);
            return proxy;
        };
        JwtAuthHandler adminTokens = JwtAuthHandler.create(JwtValidator.builder().issuer(issuer)
                .audience(settings.admin().audience()).keySource(keys).clock(clock).build(), "apisec-gateway-admin");
        // The listeners (one per core by default) on the same port. A port of 0 becomes a negative one, which Vert.x resolves to one
        // random port shared by the servers that name it: one number per gateway, so two never share.
        HttpServerOptions listener = listenerOptions(settings.host(), settings.port() == 0
                ? -RANDOM_PORTS.incrementAndGet() : settings.port());
        adminServer = vertx.createHttpServer(listenerOptions(settings.admin().host(), settings.admin().port()));
        return vertx.deployVerticle(() -> new ProxyListener(listener, upstreamOptions(trust), upstreamPool(), proxies,
                        servers),
                        new DeploymentOptions().setInstances(settings.listeners()))
                .onSuccess(id -> listenerDeployment = id)
                .recover(e -> Future.failedFuture(bindFailure("server.port", settings.port(), e)))
                .compose(bound -> adminServer.requestHandler(AdminApi.router(vertx, adminTokens, this)).listen()
                        .recover(e -> Future.failedFuture(bindFailure("admin.port", settings.admin().port(), e))))
                // Once listening, and not before: nothing of the shared state is left behind by a failed start.
                .andThen(listening -> settings.redis().ifPresent(store -> {
                    if (listening.succeeded()) {
                        subscribe(store);
                    }
                }))
                .mapEmpty();
    }

    /** Several nodes: the token server's revocation notices and the deny list's changes, from Redis. */
    private void subscribe(GatewaySettings.SharedStore store) {
        sharedDeny = new SharedDenyList(RedisAPI.api(resources.redis), deny);
        subscriber = new RedisSubscriber(vertx, store.url(), Map.of(store.revocationChannel(), revocations::onMessage,
                SharedDenyList.CHANNEL, changed -> syncDenyList()), () -> {
            // Notices sent while the channel was down are lost: forget this node's cache, read the deny list.
            revocations.onNoticesMissed();
            syncDenyList();
        });
        subscriber.start();
        // Also read periodically: an announcement lost while the channel was up is caught within a minute.
        denyTimer = vertx.setPeriodic(DENY_RESYNC_MILLIS, id -> syncDenyList());
    }

    private void syncDenyList() {
        sharedDeny.sync().onFailure(e -> LOG.warn("The shared deny list could not be read: {}", e.getMessage()));
    }

    private RateLimiter rateLimiter(Clock clock) {
        LocalRateLimiter local = new LocalRateLimiter(100_000, clock);
        return settings.redis().<RateLimiter>map(store -> {
            RedisRateLimiter shared = new RedisRateLimiter(RedisAPI.api(resources.redis));
            FallbackRateLimiter limiter = store.failOpenToLocal() ? FallbackRateLimiter.toLocal(shared, local)
                    : FallbackRateLimiter.failClosed(shared);
            FunctionCounter.builder("apisec.gateway.rate.limiter.store.failures", limiter,
                            FallbackRateLimiter::storeFailures)
                    .description("Rate-limit decisions the shared store could not make (local limits or 503 instead)")
                    .register(resources.metrics.registry());
            return limiter;
        }).orElse(local);
    }

    private HttpServerOptions listenerOptions(String host, int port) {
        // Expect: 100-continue is answered by the gateway (the proxy does not relay it) and not passed on. No
        // WebSocket compression to negotiate: the gateway proxies no WebSocket (see the proxy's options), and
        // without it no connection carries Netty's WebSocket extension handler, which looks at every request.
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setSsl(true).setUseAlpn(true)
                .setHandle100ContinueAutomatically(true).setPerFrameWebSocketCompressionSupported(false)
                .setPerMessageWebSocketCompressionSupported(false)
                .setSslEngineOptions(sslEngine()).setKeyCertOptions(certificate(settings))
                .setMaxHeaderSize(MAX_HEADER_BYTES).setMaxInitialLineLength(8 * 1024)
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS).setIdleTimeoutUnit(TimeUnit.SECONDS);
        // HTTP/2's header list takes the same limit as HTTP/1.1's header block (Vert.x's default there is 8 KiB).
        options.getInitialSettings().setMaxHeaderListSize(MAX_HEADER_BYTES);
        return options;
    }

    private static HttpClientOptions upstreamOptions(PemTrustOptions trust) {
        // No client-wide idle timeout: each route's response timeout applies, longer ones included.
        return new HttpClientOptions().setTrustOptions(trust).setSslEngineOptions(sslEngine()).setVerifyHost(true)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setIdleTimeout(0).setKeepAliveTimeout(IDLE_TIMEOUT_SECONDS);
    }

    private static PoolOptions upstreamPool() {
        return new PoolOptions().setHttp1MaxSize(UPSTREAM_CONNECTIONS).setMaxWaitQueueSize(MAX_WAITING);
    }

    /**
     * The client for upstreams with TLS settings of their own (a trust store, or a client certificate for mutual
     * TLS): one per distinct settings, shared by the routes that name them.
     */
    private HttpClient tlsClient(Upstreams.Tls tls) {
        if (closing) {
            throw new IllegalStateException("the gateway is closing");
        }
        return tlsClients.computeIfAbsent(tls, settings -> vertx.createHttpClient(tlsOptions(settings),
                upstreamPool()));
    }

    /** The route's trust store in place of the gateway's own: trusting one never widens whom the other trusts. */
    private HttpClientOptions tlsOptions(Upstreams.Tls tls) {
        HttpClientOptions options = upstreamOptions(tls.trust()
                .map(file -> new PemTrustOptions().addCertPath(file.toString())).orElse(trust));
        tls.clientCertificate().ifPresent(files -> options.setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(files.certificate().toString()).setKeyPath(files.privateKey().toString())));
        return options;
    }

    /**
     * At reload: the clients of routes' own TLS settings read their files again (rotated in place), with the very
     * TLS options they were made with; those no route names any more are shut down once the requests on them
     * are answered (at most the longest response timeout), not cut off. A request routed before the reload may
     * make its client again; the next reload, or closing the gateway, shuts that one down.
     */
    private Future<Void> refreshUpstreamTls(List<Route> next) {
        Set<Upstreams.Tls> named = next.stream()
                .flatMap(route -> route.upstreams().tls().stream()).collect(Collectors.toSet());
        long grace = next.stream().mapToLong(route -> route.upstreams().responseTimeout().toMillis())
                .reduce(Upstreams.DEFAULT_RESPONSE_TIMEOUT.toMillis(), Math::max);
        List<Future<?>> work = new ArrayList<>();
        tlsClients.entrySet().removeIf(entry -> {
            if (named.contains(entry.getKey())) {
                work.add(entry.getValue().updateSSLOptions(tlsOptions(entry.getKey()).getSslOptions(), true));
                return false;
            }
            work.add(entry.getValue().shutdown(grace, TimeUnit.MILLISECONDS));
            return true;
        });
        return Future.join(work).mapEmpty();
    }

    /**
     * BoringSSL (netty-tcnative) when it loads, else the JDK's engine: TLS is most of a proxied request's cost, on
     * both sides of the gateway.
     */
    private static SSLEngineOptions sslEngine() {
        return OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    }

    private static PemKeyCertOptions certificate(GatewaySettings settings) {
        return new PemKeyCertOptions().setCertPath(settings.certificate().toString())
                .setKeyPath(settings.privateKey().toString());
    }

    private static IllegalStateException bindFailure(String key, int port, Throwable cause) {
        return new IllegalStateException("cannot listen on port " + port + " (" + cause.getMessage() + "); set " + key
                + " to a free port", cause);
    }

    /** Closes the listeners: the proxy's (undeployed) and the admin one. */
    private Future<Void> closeListeners() {
        Future<Void> proxy = listenerDeployment == null ? Future.succeededFuture()
                : vertx.undeploy(listenerDeployment);
        Future<Void> admin = adminServer == null ? Future.succeededFuture() : adminServer.close();
        return Future.join(proxy, admin).mapEmpty();
    }

    public int port() {
        return servers.get(0).actualPort();
    }

    public int adminPort() {
        return adminServer.actualPort();
    }

    public Future<Void> close() {
        closing = true;
        vertx.cancelTimer(denyTimer);
        if (subscriber != null) {
            subscriber.close();
        }
        // The listeners first, so no request is still on its way to an upstream client being closed.
        return closeListeners().eventually(() -> Future.join(tlsClients.values().stream()
                .map(HttpClient::close).toList())).eventually(resources::close);
    }

    /**
     * Applies one of the token server's revocation notices (its JSON form) to the token caches: how a token
     * server in the same process reaches this gateway ({@code TokenServer.addRevocationListener}).
     *
     * @return whether the notice was understood
     */
    public boolean applyRevocation(JsonObject notice) {
        return revocations.apply(notice);
    }

    @Override
    public Future<JsonObject> readiness() {
        Future<JsonObject> keys = vertx.executeBlocking(() -> {
            JsonObject checks = new JsonObject();
            boolean up = true;
            try {
                resources.keys.load();
                checks.put("token_server_keys", "UP");
            } catch (Exception e) {
                checks.put("token_server_keys", "DOWN");
                up = false;
            }
            return new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks);
        }, false);
        if (resources.redis == null) {
            return keys;
        }
        // Redis down: still ready when the node falls back to its own limits; not when it would refuse with 503,
        // nor before it has read the shared deny list once.
        boolean needed = !settings.redis().orElseThrow().failOpenToLocal();
        return keys.compose(ready -> RedisAPI.api(resources.redis).ping(List.of()).transform(ping -> {
            boolean denyRead = sharedDeny != null && sharedDeny.synced();
            ready.getJsonObject("checks").put("redis", ping.succeeded() ? "UP" : "DOWN")
                    .put("shared_deny_list", denyRead ? "UP" : "DOWN")
                    // Reported, not required: while the channels are down, this node's cache is not trusted
                    // after they come back (it is emptied, the shared entries retired).
                    .put("redis_channels", subscriber != null && subscriber.subscribed() ? "UP" : "DOWN");
            if (needed && (ping.failed() || !denyRead)) {
                ready.put("status", "DOWN");
            }
            return Future.succeededFuture(ready);
        }));
    }

    @Override
    public boolean denies(AccessToken token) {
        return deny.deniesIdentity(token);
    }

    @Override
    public String scrape() {
        return resources.metrics.scrape();
    }

    /** The registry behind {@code /metrics}, where an embedding application may add meters of its own. */
    public MeterRegistry meterRegistry() {
        return resources.metrics.registry();
    }

    @Override
    public JsonObject denyList() {
        JsonObject configured = new JsonObject()
                .put(DenyKind.ADDRESSES.label(), new JsonArray(deny.configured().addresses()))
                .put(DenyKind.CLIENTS.label(), new JsonArray(deny.configured().clients().stream().sorted().toList()))
                .put(DenyKind.SUBJECTS.label(), new JsonArray(deny.configured().subjects().stream().sorted().toList()));
        JsonObject added = new JsonObject();
        for (DenyKind kind : DenyKind.values()) {
            added.put(kind.label(), new JsonArray(deny.added(kind).stream().sorted().toList()));
        }
        return new JsonObject().put("configured", configured).put("added", added);
    }

    @Override
    public Future<Boolean> deny(DenyKind kind, String entry) {
        if (sharedDeny != null) {
            return sharedDeny.add(kind, entry);
        }
        try {
            return Future.succeededFuture(deny.add(kind, entry));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<Boolean> undeny(DenyKind kind, String entry) {
        if (sharedDeny != null) {
            return sharedDeny.remove(kind, entry);
        }
        return Future.succeededFuture(deny.remove(kind, entry));
    }

    @Override
    public Future<JsonObject> reload() {
        if (configSource == null) {
            return Future.failedFuture(new ReloadRefusedException("This gateway was not started from a configuration"
                    + " file; restart it with the new settings.", true));
        }
        return vertx.executeBlocking(configSource::call, false).recover(failure -> Future.failedFuture(
                        failure instanceof GatewayConfigException invalid
                                ? new ReloadRefusedException(invalid.getMessage(), false) : failure))
                .compose(this::reload);
    }

    /**
     * Applies new settings: the routes, the configured deny list and the listeners' certificate files (read
     * again). Anything else needs a restart, and then nothing is applied.
     */
    public Future<JsonObject> reload(GatewaySettings next) {
        if (!reloading.compareAndSet(false, true)) {
            return Future.failedFuture(new ReloadRefusedException("Another reload is running; try again when it"
                    + " ends.", true));
        }
        return apply(next).andThen(done -> reloading.set(false));
    }

    private Future<JsonObject> apply(GatewaySettings next) {
        RouteTable table;
        try {
            table = new RouteTable(next.routes());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ReloadRefusedException(e.getMessage() + "; the running configuration"
                    + " stays.", false));
        }
        var restart = settings.restartNeededFor(next);
        if (restart.isPresent()) {
            LOG.warn("Reload refused: {} changed, which needs a restart; the running configuration stays",
                    restart.get());
            return Future.failedFuture(new ReloadRefusedException(restart.get() + " changed; restart the gateway to"
                    + " apply it. The running configuration stays.", true));
        }
        return vertx.executeBlocking(() -> {
            ListenerCertificate.check(vertx, certificate(next));
            return null;
        }, false).recover(failure -> Future.failedFuture(new ReloadRefusedException("The new certificate cannot be"
                + " used (" + failure.getMessage() + "); the running configuration stays.", false)))
                .compose(checked -> updateCertificates(certificate(settings), certificate(next)))
                .map(updated -> {
                    routes = table;
                    deny.configure(next.deny());
                    invalidTokens.policy(next.invalidTokens());
                    settings = next;
                    upstreamRequests.retain(next.routes().stream().map(Route::name).collect(Collectors.toSet()));
                    refreshUpstreamTls(next.routes()).onFailure(e -> LOG.warn("A route's trust store or client"
                            + " certificate could not be read again ({}); the one in use stays", e.getMessage()));
                    LOG.info("Reloaded: {} route(s), {} configured deny entries, certificate read again",
                            next.routes().size(), next.deny().addresses().size() + next.deny().clients().size()
                                    + next.deny().subjects().size());
                    return new JsonObject().put("status", "reloaded").put("routes", new JsonArray(
                            next.routes().stream().map(route -> route.name()).toList()));
                });
    }

    /** Both listeners take the new files (read again even under the same names: how certificates rotate), or none. */
    private Future<Void> updateCertificates(PemKeyCertOptions running, PemKeyCertOptions next) {
        List<HttpServer> all = Stream.concat(servers.stream(), Stream.of(adminServer)).toList();
        return Future.all(all.stream().map(server -> server.updateSSLOptions(new ServerSSLOptions()
                        .setKeyCertOptions(next), true)).toList())
                .recover(failure -> Future.join(all.stream().map(server -> server.updateSSLOptions(
                                new ServerSSLOptions().setKeyCertOptions(running), true)).toList())
                        .transform(rolledBack -> Future.failedFuture(failure)))
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(new ReloadRefusedException("The new certificate cannot be"
                        + " used (" + failure.getMessage() + "); the running configuration stays.", false)));
    }
}
