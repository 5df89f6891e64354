package io.apisec.gateway.phantom;

import io.apisec.gateway.shared.RedisScript;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The phantom-token cache shared by the gateway nodes of one Redis, between each node's own cache and the
 * token server: a token is introspected once for the cluster, not once per node. An entry is the JWT form and
 * how long it may be served, under the token's SHA-256 ({@code apisec:phantom:<hash>}); it is verified again
 * when read, since Redis is not trusted to hold only what the token server said. Revocations evict entries by
 * token, subject or client (indexes hold the hashes per subject and client, hashed too) and advance an epoch,
 * so that an introspection answered before the revocation but stored after it is dropped. Only active answers
 * are shared. When Redis fails, the node asks the token server itself: slower, never less safe.
 */
public final class SharedTokenCache implements TokenIntrospector {

    static final String PREFIX = "apisec:phantom:";
    static final String EPOCH = PREFIX + "epoch";
    private static final Logger LOG = LoggerFactory.getLogger(SharedTokenCache.class);
    private static final RedisScript PUT = RedisScript.load(SharedTokenCache.class, "shared-put.lua");
    private static final RedisScript EVICT = RedisScript.load(SharedTokenCache.class, "shared-evict.lua");

    private final RedisAPI redis;
    private final TokenIntrospector source;
    private final BiFunction<String, Instant, Future<IntrospectionOutcome>> verifier;
    private final Duration maxTtl;
    private final Clock clock;

    /**
     * @param source   the token server
     * @param verifier verifies a shared JWT form, as {@link PhantomTokenClient#verifyShared} does
     * @param maxTtl   the longest an entry lives
     */
    public SharedTokenCache(RedisAPI redis, TokenIntrospector source,
                            BiFunction<String, Instant, Future<IntrospectionOutcome>> verifier, Duration maxTtl,
                            Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.source = Objects.requireNonNull(source, "source");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken) {
        String hash = PhantomTokenCache.keyOf(opaqueToken);
        return redis.mget(List.of(PREFIX + hash, EPOCH)).transform(read -> {
            if (read.failed()) {
                LOG.debug("Shared token cache unreadable: {}", read.cause().getMessage());
                return source.introspect(opaqueToken);
            }
            String epoch = text(read.result().get(1));
            String entry = text(read.result().get(0));
            Future<IntrospectionOutcome> shared = entry.isEmpty() ? null : fromEntry(entry);
            if (shared == null) {
                return introspectAndShare(opaqueToken, hash, epoch);
            }
            // An entry that does not verify is ignored and replaced by the token server's answer.
            return shared.compose(outcome -> outcome instanceof IntrospectionOutcome.Active
                    ? Future.succeededFuture(outcome) : introspectAndShare(opaqueToken, hash, epoch));
        });
    }

    private Future<IntrospectionOutcome> introspectAndShare(String opaqueToken, String hash, String epoch) {
        return source.introspect(opaqueToken).andThen(answer -> {
            if (answer.succeeded() && answer.result() instanceof IntrospectionOutcome.Active active) {
                share(hash, epoch, active);
            }
        });
    }

    private void share(String hash, String epoch, IntrospectionOutcome.Active active) {
        Instant now = clock.instant();
        Duration left = Duration.between(now, active.cacheUntil());
        Duration ttl = left.compareTo(maxTtl) > 0 ? maxTtl : left;
        if (ttl.toMillis() <= 0) {
            return;
        }
        AccessToken token = active.token();
        PUT.run(redis, List.of(PREFIX + hash, EPOCH, subjectIndex(token.subject().orElse("")),
                        clientIndex(token.clientId().orElse(""))),
                List.of(epoch, Long.toString(ttl.toMillis()), now.plus(ttl).toEpochMilli() + " " + active.jwt(), hash,
                        Long.toString(maxTtl.toMillis())))
                .onFailure(e -> LOG.debug("Shared token cache unwritable: {}", e.getMessage()));
    }

    private Future<IntrospectionOutcome> fromEntry(String entry) {
        int space = entry.indexOf(' ');
        try {
            Instant until = Instant.ofEpochMilli(Long.parseLong(entry.substring(0, Math.max(space, 0))));
            return until.isAfter(clock.instant()) ? verifier.apply(entry.substring(space + 1), until) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Forgets one token for every node. */
    public Future<Void> evictToken(String hash) {
        return evict(PREFIX + hash, "entry");
    }

    /** Forgets every token of a subject for every node. */
    public Future<Void> evictSubject(String subject) {
        return evict(subjectIndex(subject), "index");
    }

    /** Forgets every token of a client for every node. */
    public Future<Void> evictClient(String clientId) {
        return evict(clientIndex(clientId), "index");
    }

    private Future<Void> evict(String key, String kind) {
        return EVICT.run(redis, List.of(EPOCH, key), List.of(kind, PREFIX)).mapEmpty();
    }

    static String subjectIndex(String subject) {
        return PREFIX + "subject:" + sha256(subject);
    }

    static String clientIndex(String clientId) {
        return PREFIX + "client:" + sha256(clientId);
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(RedisScript.digest("SHA-256", text));
    }

    private static String text(Response response) {
        return response == null ? "" : response.toString();
    }
}
