package io.apisec.gateway.revocation;

import io.apisec.gateway.phantom.PhantomTokenCache;
import io.apisec.gateway.phantom.RevokedTokens;
import io.apisec.gateway.phantom.SharedTokenCache;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies the token server's revocation notices to the phantom-token caches, this node's and the shared one:
 * the revoked token's next use is introspected again (and refused), instead of being served until its cache
 * entry expires. The revocation is remembered first ({@link RevokedTokens}), so that no answer or shared entry
 * from before it is stored or trusted afterwards, then the caches forget. Notices come by a direct call (token
 * server and gateway in one process) or from the Redis channel. The format is the token server's:
 * {@code {"type":"token","token_hash":<hex SHA-256>}}, {@code {"type":"subject","subject":...,"revoked_at":s}},
 * {@code {"type":"client","client_id":...,"revoked_at":s}} (seconds, the token server's clock); anything else
 * is ignored.
 */
public final class RevocationListener {

    /** A notice is a few dozen bytes; a longer message is not one. */
    static final int MAX_NOTICE_BYTES = 2048;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);

    private final RevokedTokens revoked;
    private final PhantomTokenCache local;
    private final Optional<SharedTokenCache> shared;
    private final Clock clock;

    public RevocationListener(RevokedTokens revoked, PhantomTokenCache local, Optional<SharedTokenCache> shared,
                              Clock clock) {
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.local = Objects.requireNonNull(local, "local");
        this.shared = Objects.requireNonNull(shared, "shared");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A notice as the Redis channel carries it. */
    public void onMessage(String message) {
        if (message.length() > MAX_NOTICE_BYTES) {
            LOG.debug("Ignored a revocation message of {} characters", message.length());
            return;
        }
        try {
            apply(new JsonObject(message));
        } catch (DecodeException e) {
            LOG.debug("Ignored a revocation message that is not JSON");
        }
    }

    /** @return whether the notice was understood and applied */
    public boolean apply(JsonObject notice) {
        String type = notice.getValue("type") instanceof String text ? text : "";
        switch (type) {
            case "token" -> {
                String hash = field(notice, "token_hash");
                if (hash == null || !hash.matches("[0-9a-f]{64}")) {
                    return ignored(type);
                }
                revoked.token(hash);
                local.evictKey(hash);
                shared.ifPresent(cache -> sharedEviction(cache.evictToken(hash)));
            }
            case "subject" -> {
                String subject = field(notice, "subject");
                if (subject == null) {
                    return ignored(type);
                }
                revoked.subject(subject, revokedAt(notice));
                local.evictWhere(token -> token.subject().map(subject::equals).orElse(false));
            }
            case "client" -> {
                String client = field(notice, "client_id");
                if (client == null) {
                    return ignored(type);
                }
                // A client's own tokens; with client credentials, the subject is the client too.
                Instant at = revokedAt(notice);
                revoked.client(client, at);
                revoked.subject(client, at);
                local.evictWhere(token -> token.clientId().map(client::equals).orElse(false)
                        || token.subject().map(client::equals).orElse(false));
            }
            default -> {
                return ignored(type);
            }
        }
        return true;
    }

    /**
     * This node may have missed notices (its channel was down): it forgets its own cache and retires every
     * shared entry, since either may hold a token revoked meanwhile.
     */
    public void onNoticesMissed() {
        shared.ifPresent(cache -> sharedEviction(cache.retireAll()));
        local.evictAll();
    }

    /** When the token server revoked, by its clock; now when the notice does not say. */
    private Instant revokedAt(JsonObject notice) {
        return notice.getValue("revoked_at") instanceof Number seconds && seconds.longValue() > 0
                ? Instant.ofEpochSecond(seconds.longValue()) : clock.instant();
    }

    private static void sharedEviction(io.vertx.core.Future<Void> eviction) {
        eviction.onFailure(e -> LOG.warn("The shared token cache could not be told of a revocation ({}); each node"
                + " still refuses the token it heard revoked", e.getMessage()));
    }

    private static String field(JsonObject notice, String name) {
        return notice.getValue(name) instanceof String text && !text.isEmpty() && text.length() <= 256 ? text : null;
    }

    private static boolean ignored(String type) {
        LOG.debug("Ignored a revocation notice of type '{}'", type.length() > 32 ? type.substring(0, 32) : type);
        return false;
    }
}
