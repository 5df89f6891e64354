package io.apisec.tokenserver.admin;

import io.apisec.jwt.AccessToken;
import io.apisec.jwt.vertx.JwtAuthHandler;
import io.apisec.tokenserver.token.TokenRecord;
import io.apisec.tokenserver.token.TokenRepository;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.Optional;

/**
 * After the signature check: the admin token must still be active in our own records, so revoking it
 * (RFC 7009) closes the admin API to it at once, not only when it expires.
 */
final class ActiveTokenCheck implements Handler<RoutingContext> {

    private final TokenRepository tokens;
    private final String realm;
    private final Clock clock;

    ActiveTokenCheck(TokenRepository tokens, String realm, Clock clock) {
        this.tokens = tokens;
        this.realm = realm;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext context) {
        AccessToken token = JwtAuthHandler.accessToken(context);
        context.vertx().executeBlocking(() -> active(token), false).onComplete(result -> {
            if (result.failed()) {
                context.fail(result.cause());
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
        return found.filter(t -> t.isActiveAt(clock.instant()) && sameClient(t, token));
    }

    private static boolean sameClient(TokenRecord record, AccessToken token) {
        return Optional.of(record.clientId()).equals(token.clientId());
    }
}
