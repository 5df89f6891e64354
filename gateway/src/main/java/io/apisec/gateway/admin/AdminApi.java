package io.apisec.gateway.admin;

import io.apisec.gateway.block.DenyKind;
import io.apisec.jwt.AccessToken;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The gateway's admin API, on its own listener. Health is open, for probes that carry no token, and says no
 * more than up or down; everything else needs a JWT from the token server for the admin audience:
 * {@code gateway:metrics} to read the metrics and which dependency is down, {@code gateway:admin} for the deny
 * list and reloads (practice 9: no unprotected API, internal ones included).
 *
 * <pre>
 * GET    /health/live                 200 while the process runs
 * GET    /health/ready                200 when it should take traffic, else 503; the status only
 * GET    /health/checks               the same, with each dependency's state (gateway:metrics)
 * GET    /metrics                     Prometheus text
 * GET    /deny                        the configuration's entries and the added ones
 * POST   /deny/{kind}  {"entry": ...} adds an address/network, client id or subject: 201, or 200 if present
 * DELETE /deny/{kind}?entry=...       removes an added entry: 204, or 404
 * POST   /config/reload               reads the file again: 200, 400 (invalid file) or 409 (restart needed)
 * </pre>
 */
public final class AdminApi {

    public static final String ADMIN_SCOPE = "gateway:admin";
    public static final String METRICS_SCOPE = "gateway:metrics";
    static final int MAX_BODY_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    private AdminApi() {
    }

    private static void readiness(RoutingContext context, AdminOperations gateway, boolean detailed) {
        gateway.readiness().onComplete(ready -> {
            JsonObject answer = ready.succeeded() ? ready.result() : new JsonObject().put("status", "DOWN");
            int status = "UP".equals(answer.getString("status")) ? 200 : 503;
            json(context, status, detailed ? answer : new JsonObject().put("status", answer.getString("status")));
        });
    }

    public static Router router(Vertx vertx, JwtAuthHandler authentication, AdminOperations gateway) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(context -> json(context, 200, new JsonObject().put("status", "UP")));
        // Open, so the status only: which dependency is down is for administrators (/health/checks).
        router.get("/health/ready").handler(context -> readiness(context, gateway, false));
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        router.route().handler(authentication);
        // The deny list holds for administrators too.
        router.route().handler(context -> {
            if (gateway.denies(JwtAuthHandler.accessToken(context))) {
                error(context, 403, "access_denied", "Access is denied.");
            } else {
                context.next();
            }
        });
        router.get("/health/checks").handler(authentication.requireScopes(METRICS_SCOPE))
                .handler(context -> readiness(context, gateway, true));
        router.get("/metrics").handler(authentication.requireScopes(METRICS_SCOPE)).handler(context ->
                context.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(gateway.scrape()));
        router.route("/deny*").handler(authentication.requireScopes(ADMIN_SCOPE));
        router.get("/deny").handler(context -> json(context, 200, gateway.denyList()));
        router.post("/deny/:kind").handler(context -> kind(context).ifPresent(kind -> {
            String entry;
            try {
                JsonObject body = context.body().asJsonObject();
                entry = body == null ? null : body.getValue("entry") instanceof String text ? text : null;
            } catch (DecodeException e) {
                entry = null;
            }
            if (entry == null) {
                error(context, 400, "invalid_request", "Send {\"entry\": \"...\"} as application/json.");
                return;
            }
            String added = entry;
            answer(context, gateway.deny(kind, entry), isNew -> {
                LOG.info("Deny list: {} {} {} (by {})", isNew ? "added" : "already held", kind.label(), added,
                        who(context));
                json(context, isNew ? 201 : 200, new JsonObject().put("kind", kind.label()).put("entry", added));
            });
        }));
        router.delete("/deny/:kind").handler(context -> kind(context).ifPresent(kind -> {
            String entry = context.queryParams().get("entry");
            if (entry == null || context.queryParams().getAll("entry").size() != 1) {
                error(context, 400, "invalid_request", "Name one entry: DELETE /deny/" + kind.label() + "?entry=...");
                return;
            }
            answer(context, gateway.undeny(kind, entry), removed -> {
                if (removed) {
                    LOG.info("Deny list: removed {} {} (by {})", kind.label(), entry, who(context));
                    context.response().setStatusCode(204).end();
                } else {
                    error(context, 404, "not_found", "No such added entry; GET /deny lists them.");
                }
            });
        }));
        router.post("/config/reload").handler(authentication.requireScopes(ADMIN_SCOPE))
                .handler(context -> gateway.reload().onComplete(result -> {
                    LOG.info("Reload asked for by {}: {}", who(context), result.succeeded() ? "applied" : "refused");
                    if (result.succeeded()) {
                        json(context, 200, result.result());
                    } else if (result.cause() instanceof ReloadRefusedException refused) {
                        error(context, refused.restartNeeded() ? 409 : 400,
                                refused.restartNeeded() ? "restart_required" : "invalid_configuration",
                                refused.getMessage());
                    } else {
                        LOG.error("Reload failed", result.cause());
                        error(context, 500, "server_error", "The reload failed; the running configuration stays.");
                    }
                }));
        router.route().handler(context -> error(context, 404, "not_found", "No such admin resource."));
        router.errorHandler(405, context -> error(context, 405, "method_not_allowed", "Method not allowed here."));
        router.errorHandler(413, context -> error(context, 413, "invalid_request", "The body is too large."));
        router.errorHandler(500, context -> {
            LOG.error("Admin request failed", context.failure());
            error(context, 500, "server_error", "The request failed.");
        });
        return router;
    }

    private static <T> void answer(RoutingContext context, Future<T> result, Consumer<T> success) {
        result.onComplete(done -> {
            if (done.succeeded()) {
                success.accept(done.result());
            } else if (done.cause() instanceof IllegalArgumentException invalid) {
                error(context, 400, "invalid_request", "The entry is not valid: " + invalid.getMessage() + ".");
            } else {
                LOG.warn("Deny list change failed: {}", done.cause().getMessage());
                error(context, 503, "temporarily_unavailable", "The deny list could not be changed; retry.");
            }
        });
    }

    /** Who made an admin call, for the log: the token's client and subject. */
    private static String who(RoutingContext context) {
        AccessToken token = JwtAuthHandler.accessToken(context);
        return "client " + token.clientId().orElse("-") + ", subject " + token.subject().orElse("-");
    }

    private static Optional<DenyKind> kind(RoutingContext context) {
        Optional<DenyKind> kind = DenyKind.ofLabel(context.pathParam("kind"));
        if (kind.isEmpty()) {
            error(context, 404, "not_found", "The deny list holds addresses, clients and subjects.");
        }
        return kind;
    }

    private static void json(RoutingContext context, int status, JsonObject body) {
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.encode());
    }

    private static void error(RoutingContext context, int status, String error, String description) {
        if (!context.response().ended()) {
            json(context, status, new JsonObject().put("error", error).put("error_description", description));
        }
    }
}
