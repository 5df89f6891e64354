package io.apisec.tokenserver.http;

import io.apisec.tokenserver.oauth.OAuthException;
import io.apisec.tokenserver.storage.StorageException;
import io.vertx.ext.web.RoutingContext;
import io.apisec.tokenserver.events.SecurityEventType;
import io.apisec.tokenserver.events.SecurityEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The one shape of every form-posting endpoint: convert on the event loop ({@link FormRequest}), run the
 * provider on a worker (it authenticates, reads the database, signs), then write. Refusals become RFC 6749
 * errors and a {@code request.refused} security event; anything else is our fault: logged, answered 500
 * without details.
 */
public final class OAuthCall {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthCall.class);

    /** A provider: protocol decisions, blocking allowed, no HTTP types but the parsed request. */
    @FunctionalInterface
    public interface Provider<T> {
        T apply(FormRequest.Converted request) throws OAuthException;
    }

    private OAuthCall() {
    }

    public static <T> void run(RoutingContext context, String name, URI endpoint, String realm, SecurityEvents events,
                               Provider<T> provider, BiConsumer<RoutingContext, T> writer) {
        FormRequest.Converted request;
        try {
            request = FormRequest.convert(context, endpoint);
        } catch (OAuthException e) {
            refuse(context, name, realm, events, e, remoteAddress(context));
            return;
        }
        context.vertx().executeBlocking(() -> provider.apply(request), false).onComplete(result -> {
            if (result.succeeded()) {
                writer.accept(context, result.result());
            } else if (result.cause() instanceof OAuthException e) {
                refuse(context, name, realm, events, e, remoteAddress(context));
            } else if (result.cause() instanceof StorageException e) {
                // Our fault and passing: the database is unreachable or the pool exhausted.
                LOG.warn("The {} endpoint could not reach the database: {}", name, e.getMessage());
                context.response().putHeader("Retry-After", "5");
                ProblemWriter.write(context, 503, "Service Unavailable", "The token server cannot reach its database; retry later.");
            } else {
                LOG.error("The {} endpoint failed on our side", name, result.cause());
                ProblemWriter.write(context, 500, "Internal Server Error", "The request could not be completed; retry later.");
            }
        });
    }

    private static void refuse(RoutingContext context, String name, String realm, SecurityEvents events,
                               OAuthException e, String address) {
        boolean authFailed = "invalid_client".equals(e.code());
        events.record(authFailed ? SecurityEventType.CLIENT_AUTH_FAILED : SecurityEventType.TOKEN_REFUSED,
                Map.of("endpoint", name, "reason", e.code(), "address", address));
        OAuthResponses.error(context, e, realm);
    }

    private static String remoteAddress(RoutingContext context) {
        var remote = context.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}
