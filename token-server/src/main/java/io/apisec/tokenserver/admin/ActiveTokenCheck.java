package io.apisec.tokenserver.admin;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.apisec.tokenserver.client.ClientRegistry;
import io.apisec.tokenserver.http.ProblemWriter;
import io.apisec.tokenserver.token.TokenRecord;
import io.apisec.tokenserver.token.TokenRepository;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * After the signature check: the admin token must still be active in our own records, and its client still
 * registered and enabled, so revoking the token (RFC 7009) or disabling the client closes the admin API to it
 * at once, not only when the token expires.
 */
final class ActiveTokenCheck implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveTokenCheck.class);

    private final TokenRepository tokens;
    private final ClientRegistry clients;
    private final String realm;
    private final Clock clock;

    ActiveTokenCheck(TokenRepository tokens, ClientRegistry clients, String realm, Clock clock) {
        this.tokens = tokens;
        this.clients = clients;
        this.realm = realm;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext context) {
        AccessToken token = JwtAuthHandler.accessToken(context);
        // The body is read after this check (the body handler comes later): hold it back meanwhile.
        boolean paused = !context.request().isEnded();
        if (paused) {
            context.request().pause();
        }
        context.vertx().executeBlocking(() -> active(token), false).onComplete(result -> {
            if (paused) {
                context.request().resume();
            }
            if (result.failed()) {
                LOG.warn("Admin request refused: its token could not be checked: {}", result.cause().getMessage());
                context.response().putHeader("Retry-After", "5");
                ProblemWriter.write(context, 503, "Service Unavailable",
                        "The token server cannot reach its database; retry later.");
            } else if (result.result().isPresent()) {
                context.next();
            } else {
                context.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", "Bearer realm=\"" + realm
                                + "\", error=\"invalid_token\", error_description=\"The access token has been revoked\"")
                        .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                        .end(new JsonObject().put("error", "invalid_token")
                                .put("error_description", "The access token has been revoked").encode());
            }
        });
    }

    private Optional<TokenRecord> active(AccessToken token) {
        Optional<TokenRecord> found = token.tokenId().isPresent() ? tokens.findByJti(token.tokenId().get()) : Optional.empty();
        return found.filter(t -> t.isActiveAt(clock.instant()) && sameClient(t, token)
                && clients.find(t.clientId()).isPresent());
    }

    private static boolean sameClient(TokenRecord record, AccessToken token) {
        return Optional.of(record.clientId()).equals(token.clientId());
    }
}
