package io.apisec.tokenserver.admin;

import io.apisec.jwt.JwtValidator;
import io.apisec.jwt.jwks.JwksKeySource;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.apisec.tokenserver.client.AdminAccess;
import io.apisec.tokenserver.http.ProblemWriter;
import io.apisec.tokenserver.keys.KeyManager;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * The admin API, on its own listener: no API is left unprotected, internal ones included (practice 9).
 * Every request needs a JWT access token of this server, for audience {@value #AUDIENCE}, checked by the
 * jwt library against the keys this server holds, and still active in its records (a revoked admin token
 * is refused at once); operations need scope {@value #ADMIN_SCOPE}, the
 * Prometheus metrics {@value #METRICS_SCOPE}. An admin client is an internal client with token format
 * {@code jwt}; the first one comes from the configuration file.
 */
public final class AdminApi {

    public static final String AUDIENCE = AdminAccess.AUDIENCE;
    public static final String ADMIN_SCOPE = AdminAccess.ADMIN_SCOPE;
    public static final String METRICS_SCOPE = AdminAccess.METRICS_SCOPE;
    private static final String REALM = "apisec-admin";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private AdminApi() {
    }

    /**
     * The admin router.
     *
     * @param requestMetrics the first handler of every request
     * @param metrics        the {@code GET /metrics} handler
     */
    public static Router router(Vertx vertx, JwtValidator validator, AdminServices services,
                                Handler<RoutingContext> requestMetrics, Handler<RoutingContext> metrics, Clock clock) {
        JwtAuthHandler auth = JwtAuthHandler.create(validator, REALM);
        Router router = Router.router(vertx);
        router.route().handler(requestMetrics);
        router.route().handler(auth);
        router.route().handler(new ActiveTokenCheck(services.accessTokens(), services.clients(), REALM, clock));
        // After authentication: nobody without an admin token makes the server buffer a body.
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.get("/metrics").handler(auth.requireScopes(METRICS_SCOPE)).handler(metrics);
        router.route("/admin/*").handler(auth.requireScopes(ADMIN_SCOPE));
        new KeysResource(services.keys(), services.events()).mount(router);
        new EventsResource(services.eventStore()).mount(router);
        new ClientsResource(services.registrations(), services.clientStore(), services.clients(),
                services.accessTokens(), services.refreshTokens(), services.events(), clock).mount(router);
        new ClaimsResource(services.registrations(), services.claimStore(), services.claims(), services.events(), clock)
                .mount(router);
        new ScopesResource(services.registrations()).mount(router);
        router.route().last().handler(ctx -> ProblemWriter.write(ctx, 404, "Not Found",
                "No such admin resource; see the README's admin API section"));
        router.route().failureHandler(ctx -> {
            if (ctx.failure() != null && ctx.statusCode() < 400) {
                LOG.error("Admin {} {} failed on our side", ctx.request().method(), ctx.normalizedPath(), ctx.failure());
            }
            int status = ctx.statusCode() == 413 ? 413 : ctx.statusCode() >= 400 && ctx.statusCode() < 500 ? 400 : 500;
            ProblemWriter.write(ctx, status, status == 413 ? "Payload Too Large" : status == 400 ? "Bad Request"
                    : "Internal Server Error", status == 413 ? "The request body exceeds " + MAX_BODY_BYTES + " bytes"
                    : status == 400 ? "The request is malformed." : "The request could not be completed; retry later.");
        });
        return router;
    }

    /**
     * The keys we hold, for our own tokens, with no HTTP round trip to ourselves. The cache is short (5 s), so a
     * revoked key stops opening the admin API within seconds. Its refresh runs in the background: close it.
     */
    public static JwksKeySource keySource(KeyManager keys, Clock clock) {
        return JwksKeySource.builder().localKeys(keys::publicKeys)
                .connectTimeout(Duration.ofMillis(500)).readTimeout(Duration.ofMillis(500))
                .cacheTtl(Duration.ofSeconds(5)).refreshAhead(Duration.ofSeconds(1))
                .unknownKeyRefreshInterval(Duration.ofSeconds(1)).outageTolerance(Duration.ofSeconds(5))
                .clock(clock).build();
    }

    /** Admin tokens: JWTs of {@code issuer} for audience {@value #AUDIENCE}. */
    public static JwtValidator validator(String issuer, JwksKeySource keySource, Clock clock) {
        return JwtValidator.builder().issuer(issuer).audience(AUDIENCE).keySource(keySource).clock(clock).build();
    }
}
