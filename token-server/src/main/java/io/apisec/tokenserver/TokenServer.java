package io.apisec.tokenserver;

import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.tokenserver.admin.AdminApi;
import io.apisec.tokenserver.admin.AdminServices;
import io.apisec.tokenserver.admin.Registrations;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.http.HeaderDeadline;
import io.apisec.tokenserver.http.ListenerOptions;
import io.apisec.tokenserver.http.Switchboard;
import io.apisec.tokenserver.metrics.Endpoint;
import io.apisec.tokenserver.metrics.EventQueueMetrics;
import io.apisec.tokenserver.metrics.KeyMetrics;
import io.apisec.tokenserver.metrics.MetricsEndpoint;
import io.apisec.tokenserver.metrics.RequestMetricsHandler;
import io.apisec.tokenserver.metrics.SecurityEventMetrics;
import io.apisec.tokenserver.metrics.TokenServerMetrics;
import io.apisec.tokenserver.claims.ClaimsDirectory;
import io.apisec.tokenserver.claims.JdbcClaimRuleStore;
import io.apisec.tokenserver.client.AuthenticationThrottle;
import io.apisec.tokenserver.client.ClientAuthenticator;
import io.apisec.tokenserver.client.ClientDirectory;
import io.apisec.tokenserver.client.JdbcAssertionReplayGuard;
import io.apisec.tokenserver.client.JdbcClientStore;
import io.apisec.tokenserver.client.PrivateKeyJwtVerifier;
import io.apisec.tokenserver.config.ConfigException;
import io.apisec.tokenserver.config.TokenServerConfig;
import io.apisec.tokenserver.events.JdbcEventStore;
import io.apisec.tokenserver.events.SecurityEvents;
import io.apisec.tokenserver.grant.ClientCredentialsGrant;
import io.apisec.tokenserver.grant.RefreshTokenGrant;
import io.apisec.tokenserver.grant.TokenEndpoint;
import io.apisec.tokenserver.grant.TokenExchangeGrant;
import io.apisec.tokenserver.health.HealthEndpoints;
import io.apisec.tokenserver.http.ProblemWriter;
import io.apisec.tokenserver.introspection.Introspection;
import io.apisec.tokenserver.introspection.IntrospectionEndpoint;
import io.apisec.tokenserver.jwks.JwksEndpoint;
import io.apisec.tokenserver.keys.JdbcSigningKeyRepository;
import io.apisec.tokenserver.keys.KeyManager;
import io.apisec.tokenserver.keys.MasterKeys;
import io.apisec.tokenserver.keys.RotationPolicy;
import io.apisec.tokenserver.metadata.MetadataEndpoint;
import io.apisec.tokenserver.refresh.JdbcRefreshTokenRepository;
import io.apisec.tokenserver.refresh.RefreshTokens;
import io.apisec.tokenserver.revocation.NotifyingTokenRepository;
import io.apisec.tokenserver.revocation.RedisNoticePublisher;
import io.apisec.tokenserver.revocation.RevocationEndpoint;
import io.apisec.tokenserver.revocation.RevocationNotice;
import io.apisec.tokenserver.revocation.RevocationNotices;
import io.apisec.tokenserver.storage.Database;
import io.apisec.tokenserver.token.JdbcTokenRepository;
import io.apisec.tokenserver.token.TokenIssuer;
import io.apisec.tokenserver.token.TokenRepository;
import io.apisec.tokenserver.token.TokenLookup;
import io.vertx.core.Future;
import io.apisec.tracing.Tracing;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.CountDownLatch;

/**
 * The central token server (practice 2): wires the configuration to the storage, the keys, the
 * endpoints, and one HTTPS listener (HTTP/2 where offered). Started by {@link #main} as
 * {@code token-server --config FILE}; the CLI will wrap it as {@code apisec token-server}.
 */
public final class TokenServer {

    private static final Logger LOG = LoggerFactory.getLogger(TokenServer.class);
    /** Often, and cheap (a few rows): an emergency revocation made on another node reaches this one within it. */
    private static final long KEY_MAINTENANCE_MILLIS = 5_000;
    private static final long PURGE_MILLIS = 10 * 60_000;
    private static final String REALM = "apisec";
    /** How long security events are kept in the database (the log keeps its own retention). */
    private static final Duration EVENT_RETENTION = Duration.ofDays(90);

    private final Vertx vertx;
    private final Parts parts;
    private final HttpServer server;
    private final HttpServer adminServer;
    private final HeaderDeadline deadline;
    private final RevocationNotices notices;
    private final long[] timers;

    private TokenServer(Vertx vertx, Parts parts, HttpServer server, HttpServer adminServer, HeaderDeadline deadline,
                        RevocationNotices notices, long... timers) {
        this.vertx = vertx;
        this.parts = parts;
        this.server = server;
        this.adminServer = adminServer;
        this.deadline = deadline;
        this.notices = notices;
        this.timers = timers;
    }

    /**
     * Tells {@code listener} of every revocation, as it is stored: how a gateway in the same process evicts
     * revoked tokens from its cache at once (gateways elsewhere hear it on the Redis channel of
     * {@code revocation-notices}). Called on the thread that revoked; keep it short.
     */
    public void addRevocationListener(Consumer<RevocationNotice> listener) {
        notices.addListener(listener);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            LOG.error("Usage: token-server --config FILE   (see token-server/config/token-server.example.yaml)");
            System.exit(2);
        }
        StartupTimer timer = new StartupTimer();
        ListenerOptions.sealInMemoryKeyStoresCheaply();
        // Vert.x and its event loops do not depend on the configuration: they start while it is read (on a
        // pool thread, whose daemon status Vert.x's threads would otherwise inherit).
        CompletableFuture<Vertx> starting = CompletableFuture.supplyAsync(
                () -> Tracing.vertx(new VertxOptions().setUseDaemonThread(false), "apisec-token-server", System.getenv()));
        TokenServerConfig config;
        try {
            config = TokenServerConfig.load(Path.of(args[1]), System.getenv());
        } catch (ConfigException e) {
            LOG.error("Refusing to start: {}", e.getMessage());
            closeWhenStarted(starting);
            System.exit(2);
            return;
        } catch (RuntimeException | Error e) {
            closeWhenStarted(starting);
            throw e;
        }
        timer.phase("configuration");
        Vertx vertx;
        try {
            vertx = starting.join();
        } catch (java.util.concurrent.CompletionException e) { // the OTEL_* variables, named in the message
            LOG.error("Refusing to start: {}", e.getCause().getMessage());
            System.exit(2);
            return;
        }
        timer.phase("Vert.x");
        TokenServer server;
        try {
            server = start(vertx, config, Clock.systemUTC(), timer).toCompletionStage().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            // Not a half-started process that looks alive: say why, free the threads, exit non-zero.
            LOG.error("Refusing to start: {}", e.getCause().getMessage());
            vertx.close().toCompletionStage().toCompletableFuture().join();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().onComplete(done -> vertx.close()).onComplete(done -> stopped.countDown());
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "token-server-shutdown"));
    }

    /** Closes the Vert.x being started, if it started; a start that failed has nothing to close. */
    private static void closeWhenStarted(CompletableFuture<Vertx> starting) {
        starting.handle((vertx, failed) -> vertx == null ? null : vertx.close()).join();
    }

    /**
     * Binds both listeners while it opens the database and loads the keys on a worker (the TLS contexts and
     * the database are the slow parts of a start: they overlap), then serves. Until then the listeners
     * answer 503, except {@code /health/live}.
     */
    public static Future<TokenServer> start(Vertx vertx, TokenServerConfig config, Clock clock) {
        return start(vertx, config, clock, new StartupTimer());
    }

    private static Future<TokenServer> start(Vertx vertx, TokenServerConfig config, Clock clock, StartupTimer timer) {
        Switchboard publicHandler = new Switchboard();
        Switchboard adminHandler = new Switchboard();
        HeaderDeadline deadline = new HeaderDeadline(vertx, config.server().headerTimeout(),
                ListenerOptions.IDLE_TIMEOUT);
        HttpServer publicServer = deadline.install(vertx.createHttpServer(ListenerOptions.of(config.server(),
                config.server().host(), config.server().port())), publicHandler);
        HttpServer adminServer = deadline.install(vertx.createHttpServer(ListenerOptions.of(config.server(),
                config.admin().host(), config.admin().port())), adminHandler);
        // join, not all: on a failure both binds are over before anything is closed.
        Future<Void> bound = Future.join(
                        listen(publicServer, config.server().host(), config.server().port(), "server.port"),
                        listen(adminServer, config.admin().host(), config.admin().port(), "admin.port"))
                .onSuccess(done -> timer.at("listeners bound")).mapEmpty();
        // The metrics registry needs no database: it is made beside it.
        Future<TokenServerMetrics> metrics = vertx.executeBlocking(TokenServerMetrics::new, false);
        Future<Parts> opened = vertx.executeBlocking(() -> open(config, clock, timer, metrics), false);
        return Future.join(bound, opened).transform(done -> {
            if (bound.failed() || opened.failed()) {
                deadline.close();
                publicServer.close();
                adminServer.close();
                Throwable cause = opened.failed() ? opened.cause() : bound.cause();
                return opened.succeeded() ? closeAfterFailure(vertx, opened.result(), cause) : Future.failedFuture(cause);
            }
            try {
                return Future.succeededFuture(serve(vertx, config, opened.result(), clock, timer,
                        new Listener(publicServer, publicHandler), new Listener(adminServer, adminHandler), deadline));
            } catch (RuntimeException | Error e) {
                deadline.close();
                publicServer.close();
                adminServer.close();
                return closeAfterFailure(vertx, opened.result(), e);
            }
        });
    }

    /** Binds {@code server}; a failure names the address and the setting that chose it. */
    private static Future<HttpServer> listen(HttpServer server, String host, int port, String setting) {
        return server.listen().recover(e -> Future.failedFuture(new IllegalStateException("cannot listen on "
                + host + ":" + port + " (" + e.getMessage() + "); free the port or change " + setting, e)));
    }

    /** A bound listener and the switchboard its requests go through. */
    private record Listener(HttpServer server, Switchboard handler) {
    }

    /** The port the public listener is bound to (useful when configured with port 0). */
    public int port() {
        return server.actualPort();
    }

    /** The port the admin listener is bound to. */
    public int adminPort() {
        return adminServer.actualPort();
    }

    /** Graceful shutdown: stop accepting, finish in-flight requests, close the pool. */
    public Future<Void> close() {
        for (long timer : timers) {
            vertx.cancelTimer(timer);
        }
        deadline.close();
        Future<Void> listeners = Future.join(server.shutdown(), adminServer.shutdown()).mapEmpty();
        return listeners.eventually(() -> vertx.executeBlocking(() -> {
            parts.close();
            return null;
        }));
    }

    /**
     * What the listeners share, and what they own (background refreshes); closed last: what was owned first,
     * then the events, so the queued ones are stored, then the pool.
     */
    private record Parts(Database database, KeyManager keys, JdbcEventStore eventStore, SecurityEvents events,
                         TokenServerMetrics metrics, List<AutoCloseable> owned) {

        <T extends AutoCloseable> T own(T resource) {
            owned.add(resource);
            return resource;
        }

        void close() {
            for (AutoCloseable resource : owned.reversed()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
                }
            }
            events.close();
            metrics.close();
            database.close();
        }
    }

    private static Parts open(TokenServerConfig config, Clock clock, StartupTimer timer,
                              Future<TokenServerMetrics> metricsBeingMade) throws Exception {
        var storage = config.storage();
        Database database;
        try {
            database = Database.open(storage.url(), storage.username().orElse(null),
                    storage.password().map(s -> s.reveal()).orElse(null), storage.poolSize());
        } catch (RuntimeException | Error e) {
            metricsBeingMade.onSuccess(TokenServerMetrics::close);
            throw e;
        }
        timer.phase("database");
        SecurityEvents events = null;
        TokenServerMetrics metrics = null;
        try {
            JdbcEventStore eventStore = new JdbcEventStore(database.dataSource());
            SecurityEvents recorder = new SecurityEvents(eventStore, clock);
            events = recorder;
            metrics = metricsBeingMade.toCompletionStage().toCompletableFuture().join();
            timer.phase("metrics");
            // Before the keys: the first key's rotation event is counted too.
            recorder.addListener(new SecurityEventMetrics(metrics.registry()));
            new EventQueueMetrics(recorder::dropped, recorder::suppressed).bindTo(metrics.registry());
            KeyManager keys = new KeyManager(new JdbcSigningKeyRepository(database.dataSource()),
                    MasterKeys.resolve(config.keys().masterKey().map(s -> s.reveal()), config.keys().devMode()),
                    new RotationPolicy(config.keys().algorithm(),
                            config.keys().rotationPeriod(), config.keys().prepublish(),
                            config.tokens().maxAccessTokenLifetime()),
                    clock);
            keys.onKeyCreated((key, why) -> recorder.record(SecurityEventType.KEY_ROTATED, Map.of("kid", key.kid(),
                    "alg", key.algorithm().value(), "activates_at", key.activatesAt().toString(), "reason", why)));
            keys.maintain();
            KeyMetrics.of(keys, keys::currentActivatedAt, keys::nextActivatesAt, clock).bindTo(metrics.registry());
            timer.phase("keys");
            return new Parts(database, keys, eventStore, recorder, metrics, new CopyOnWriteArrayList<>());
        } catch (Exception | Error e) {
            if (events != null) {
                events.close();
            }
            if (metrics != null) {
                metrics.close();
            } else {
                metricsBeingMade.onSuccess(TokenServerMetrics::close);
            }
            database.close();
            throw e;
        }
    }

    /** Frees what was opened (on a worker: closing the pool blocks), then fails with {@code failure}. */
    private static Future<TokenServer> closeAfterFailure(Vertx vertx, Parts parts, Throwable failure) {
        return vertx.executeBlocking(() -> {
            parts.close();
            return null;
        }, false).transform(closed -> Future.failedFuture(failure));
    }

    private static TokenServer serve(Vertx vertx, TokenServerConfig config, Parts parts, Clock clock,
                                     StartupTimer startup, Listener publicListener, Listener adminListener,
                                     HeaderDeadline deadline) {
        URI issuer = config.issuer();
        String base = issuer.toString().replaceAll("/+$", "");
        // Revocations are announced, so gateways evict the tokens from their caches at once.
        RevocationNotices notices = new RevocationNotices();
        config.revocationNotices().ifPresent(redis -> notices.addListener(parts.own(new RedisNoticePublisher(vertx,
                redis.redisUrl(), redis.channel()))));
        TokenRepository tokens = new NotifyingTokenRepository(new JdbcTokenRepository(parts.database().dataSource()),
                notices);
        RefreshTokens refreshTokens = new RefreshTokens(new JdbcRefreshTokenRepository(parts.database().dataSource()),
                tokens, config.tokens().maxRefreshTokenLifetime(), clock, notices);
        SecurityEvents events = parts.events();
        TokenIssuer issuerService = new TokenIssuer(issuer.toString(), parts.keys(), tokens, clock);

        JdbcClientStore clientStore = new JdbcClientStore(parts.database().dataSource());
        JdbcClaimRuleStore claimStore = new JdbcClaimRuleStore(parts.database().dataSource());
        Registrations registrations = new Registrations(config.tokens(), config.clients(), config.claims(),
                clientStore, claimStore);
        ClientDirectory clients = new ClientDirectory(config.clients().stream().map(Registrations::registered).toList(),
                clientStore, registrations::decodeClient);
        ClaimsDirectory claims = new ClaimsDirectory(config.claims().stream().map(Registrations::rule).toList(),
                claimStore, registrations::decodeClaims, clock);
        JdbcAssertionReplayGuard replayGuard = new JdbcAssertionReplayGuard(parts.database().dataSource());
        PrivateKeyJwtVerifier privateKeyJwt = parts.own(new PrivateKeyJwtVerifier(issuer,
                URI.create(base + "/oauth/token"), jwksUri -> JwksKeySource.builder().jwksUri(jwksUri).build(),
                replayGuard, clock));
        TokenLookup lookup = new TokenLookup(tokens, parts.keys(), clientId -> clients.find(clientId).isPresent(), clock);
        ClientAuthenticator authenticator = new ClientAuthenticator(clients, new AuthenticationThrottle(clock),
                privateKeyJwt);

        Router router = Router.router(vertx);
        // The OAuth endpoints live under the issuer's path, where the metadata says they are; health at the root.
        String path = config.issuerPath();
        String metadataPath = "/.well-known/oauth-authorization-server" + path;
        router.route().handler(new RequestMetricsHandler(parts.metrics().registry(), path));
        // Only the form endpoints have bodies: a GET is not buffered for nothing.
        router.post().handler(BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes()));
        router.get(metadataPath).handler(new MetadataEndpoint(issuer, config.keys().algorithm().value()));
        router.get(path + "/oauth/jwks").handler(new JwksEndpoint(parts.keys()));
        router.post(path + "/oauth/token").handler(new TokenEndpoint(URI.create(base + "/oauth/token"), REALM, authenticator,
                new ClientCredentialsGrant(claims), new RefreshTokenGrant(refreshTokens, claims, events),
                new TokenExchangeGrant(lookup, claims), issuerService, refreshTokens, events));
        router.post(path + "/oauth/introspect").handler(new IntrospectionEndpoint(URI.create(base + "/oauth/introspect"), REALM,
                authenticator, new Introspection(issuer.toString(), lookup, issuerService, clock), events));
        router.post(path + "/oauth/revoke").handler(new RevocationEndpoint(URI.create(base + "/oauth/revoke"), REALM,
                authenticator, tokens, refreshTokens, events, clock));
        new HealthEndpoints(parts.database(), parts.keys()).mount(router);
        router.route().last().handler(ctx -> ProblemWriter.write(ctx, 404, "Not Found",
                "No such endpoint; see " + metadataPath));
        // Refusals raised by Vert.x itself (body too large, too many form fields) answer as problems
        // with no-store, like every other refusal; anything else is ours and says nothing of the server.
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? ctx.statusCode() : 500;
            if (status == 500 && ctx.failure() != null) {
                LOG.error("Unhandled failure on {}", ctx.normalizedPath(), ctx.failure());
            }
            ProblemWriter.write(ctx, status, status == 413 ? "Payload Too Large" : status == 500
                    ? "Internal Server Error" : "Bad Request", status == 413
                    ? "The request body exceeds " + config.server().maxBodyBytes() + " bytes"
                    : status == 500 ? "The request could not be completed; retry later." : "The request is malformed.");
        });

        if (config.server().plainHttp()) {
            LOG.warn("Plain HTTP on {}:{} and {}:{}: for local development only; tokens cross these listeners "
                    + "unencrypted", config.server().host(), config.server().port(), config.admin().host(),
                    config.admin().port());
        }
        JwtValidator adminTokens = AdminApi.validator(issuer.toString(),
                parts.own(AdminApi.keySource(parts.keys(), clock)), clock);
        Router admin = AdminApi.router(vertx, adminTokens, new AdminServices(parts.keys(), tokens, refreshTokens,
                        parts.eventStore(), events, registrations, clientStore, clients, claimStore, claims),
                new RequestMetricsHandler(parts.metrics().registry(), Endpoint.ADMIN), new MetricsEndpoint(parts.metrics()),
                clock);
        long timer = vertx.setPeriodic(KEY_MAINTENANCE_MILLIS, id -> vertx.executeBlocking(() -> {
            parts.keys().maintain();
            return null;
        }, false).onFailure(e -> LOG.error("Key maintenance failed: {}", e.getMessage())));
        long purge = vertx.setPeriodic(PURGE_MILLIS, id -> vertx.executeBlocking(() -> {
            Instant now = clock.instant();
            return tokens.purgeExpired(now) + refreshTokens.purgeExpired(now) + replayGuard.purgeExpired(now)
                    + parts.eventStore().purgeBefore(now.minus(EVENT_RETENTION));
        }, false)
                .onSuccess(n -> LOG.debug("Purged {} expired token(s) and old event(s)", n))
                .onFailure(e -> LOG.error("Purging expired tokens failed: {}", e.getMessage())));
        String scheme = ListenerOptions.scheme(config.server());
        publicListener.handler().connect(router);
        adminListener.handler().connect(admin);
        startup.phase("endpoints");
        LOG.info("Started in {}", startup.summary());
        LOG.info("Token server {} listening on {}://{}:{}, admin API on {}://{}:{}", issuer, scheme,
                config.server().host(), publicListener.server().actualPort(), scheme, config.admin().host(),
                adminListener.server().actualPort());
        return new TokenServer(vertx, parts, publicListener.server(), adminListener.server(), deadline, notices, timer,
                purge);
    }

}
