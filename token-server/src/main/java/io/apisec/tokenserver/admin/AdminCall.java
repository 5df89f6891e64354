package io.apisec.tokenserver.admin;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.apisec.tokenserver.http.ProblemWriter;
import io.apisec.tokenserver.storage.StorageException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shape of every admin operation: run it on a worker (database, key generation), answer JSON with
 * {@code no-store}; a refusal is an RFC 9457 problem, a database outage 503, anything else 500 without details.
 */
final class AdminCall {

    private static final Logger LOG = LoggerFactory.getLogger(AdminCall.class);

    /** An operation: may block, may refuse. */
    @FunctionalInterface
    interface Operation {
        Answer apply(RoutingContext context) throws AdminException;
    }

    /** A status and a JSON body. */
    record Answer(int status, JsonObject body) {
        static Answer ok(JsonObject body) {
            return new Answer(200, body);
        }
    }

    private AdminCall() {
    }

    static void run(RoutingContext context, Operation operation) {
        context.vertx().executeBlocking(() -> operation.apply(context), false).onComplete(result -> {
            if (result.succeeded()) {
                context.response().setStatusCode(result.result().status())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-store")
                        .end(result.result().body().encode());
            } else if (result.cause() instanceof AdminException e) {
                ProblemWriter.write(context, e.status(), e.title(), e.getMessage());
            } else if (result.cause() instanceof StorageException e) {
                LOG.warn("Admin {} {} could not reach the database: {}", context.request().method(),
                        context.normalizedPath(), e.getMessage());
                context.response().putHeader("Retry-After", "5");
                ProblemWriter.write(context, 503, "Service Unavailable", "The token server cannot reach its database; retry later.");
            } else {
                LOG.error("Admin {} {} failed on our side", context.request().method(), context.normalizedPath(),
                        result.cause());
                ProblemWriter.write(context, 500, "Internal Server Error", "The request could not be completed; retry later.");
            }
        });
    }

    /** Who made the change, for the {@code admin.changed} event: the admin token's client, else its subject. */
    static String actor(RoutingContext context) {
        AccessToken token = JwtAuthHandler.accessToken(context);
        return token.clientId().orElse(token.subject().orElse("unknown"));
    }
}
