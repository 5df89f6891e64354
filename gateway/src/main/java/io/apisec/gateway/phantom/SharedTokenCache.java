package io.apisec.gateway.phantom;

import io.apisec.gateway.shared.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The phantom-token cache shared by the gateway nodes of one Redis, between each node's own cache and the
 * token server: a token is introspected once for the cluster, not once per node. An entry lives under the
 * token's SHA-256 and holds the JWT form sealed with a key only the opaque token yields ({@link SealedEntry}):
 * Redis never holds a usable JWT, and an entry opens only for the token it was made for. It is verified again
 * when read, then checked against what this node heard revoked. Every entry carries the generation it was
 * written in; a node that may have missed revocation notices (its channel was down) advances the generation,
 * which retires every entry at once. Only active answers are shared. When Redis fails, the node asks the token
 * server itself: slower, never less safe. Keys share one hash tag, so they live in one Redis Cluster slot.
 */
public final class SharedTokenCache implements TokenIntrospector {

    static final String PREFIX = "apisec:{phantom}:";
    static final String GENERATION = PREFIX + "generation";
    private static final Logger LOG = LoggerFactory.getLogger(SharedTokenCache.class);
    private static final RedisScript PUT = RedisScript.load(SharedTokenCache.class, "shared-put.lua");

    private final RedisAPI redis;
    private final TokenIntrospector source;
    private final BiFunction<String, Instant, Future<IntrospectionOutcome>> verifier;
    private final RevokedTokens revoked;
    private final Duration maxTtl;
    private final Clock clock;

    /**
     * @param source   the token server
     * @param verifier verifies a shared JWT form, as {@link PhantomTokenClient#verifyShared} does
     * @param revoked  what this node heard revoked
     * @param maxTtl   the longest an entry lives
     */
    public SharedTokenCache(RedisAPI redis, TokenIntrospector source,
                            BiFunction<String, Instant, Future<IntrospectionOutcome>> verifier, RevokedTokens revoked,
                            Duration maxTtl, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.source = Objects.requireNonNull(source, "source");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken) {
        return introspect(opaqueToken, PhantomTokenCache.keyOf(opaqueToken));
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken, String hash) {
        return redis.mget(List.of(PREFIX + hash, GENERATION)).transform(read -> {
            if (read.failed()) {
                LOG.debug("Shared token cache unreadable: {}", read.cause().getMessage());
                return source.introspect(opaqueToken);
            }
            String generation = text(read.result().get(1));
            Optional<SealedEntry> entry = SealedEntry.parse(text(read.result().get(0)))
                    .filter(found -> found.generation().equals(generation) && found.until().isAfter(clock.instant()));
            Optional<String> jwt = entry.flatMap(found -> found.open(opaqueToken, hash));
            if (jwt.isEmpty()) {
                return introspectAndShare(opaqueToken, hash, generation);
            }
            // An entry that does not verify, or whose token was revoked, gives way to the token server's answer.
            return verifier.apply(jwt.get(), entry.get().until()).compose(outcome ->
                    outcome instanceof IntrospectionOutcome.Active active && !revoked.covers(hash, active.token())
                            ? Future.succeededFuture(outcome) : introspectAndShare(opaqueToken, hash, generation));
        });
    }

    /** The token server's answer, once shared (a miss waits one more Redis round trip, so the next node hits). */
    private Future<IntrospectionOutcome> introspectAndShare(String opaqueToken, String hash, String generation) {
        return source.introspect(opaqueToken).compose(outcome ->
                outcome instanceof IntrospectionOutcome.Active active && !revoked.covers(hash, active.token())
                        ? share(opaqueToken, hash, generation, active).map(outcome)
                        : Future.succeededFuture(outcome));
    }

    private Future<Void> share(String opaqueToken, String hash, String generation, IntrospectionOutcome.Active active) {
        Instant now = clock.instant();
        Duration left = Duration.between(now, active.cacheUntil());
        Duration ttl = left.compareTo(maxTtl) > 0 ? maxTtl : left;
        if (ttl.toMillis() <= 0) {
            return Future.succeededFuture();
        }
        String value = SealedEntry.seal(opaqueToken, hash, generation, now.plus(ttl), active.jwt()).toString();
        return PUT.run(redis, List.of(PREFIX + hash, GENERATION),
                        List.of(generation, Long.toString(ttl.toMillis()), value)).<Void>mapEmpty()
                .recover(e -> {
                    LOG.debug("Shared token cache unwritable: {}", e.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** Forgets one token for every node. */
    public Future<Void> evictToken(String hash) {
        return redis.del(List.of(PREFIX + hash)).mapEmpty();
    }

    /** Retires every entry: this node may have missed revocation notices, so no entry is trusted any more. */
    public Future<Void> retireAll() {
        return redis.incr(GENERATION).mapEmpty();
    }

    private static String text(Response response) {
        return response == null ? "" : response.toString();
    }
}
