package io.apisec.gateway.phantom;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.apisec.jwt.AccessToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The phantom-token cache in front of a {@link TokenIntrospector}. Keyed by the SHA-256 of the opaque token,
 * never the token itself. An active token's JWT is kept until the earliest of the configured maximum, the
 * answer's {@code max-age} and the JWT's expiry less the skew (the introspector works those last two out); an
 * inactive answer only briefly and in bounded number, so random tokens cannot fill memory; an unavailable
 * token server or a failed exchange not at all. Concurrent misses for one token share one introspection.
 */
public final class PhantomTokenCache implements TokenIntrospector {

    private static final IntrospectionOutcome INACTIVE = new IntrospectionOutcome.Inactive();
    /** One digest per thread: looking one up in the JDK's providers for every request cost more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    });

    private final TokenIntrospector source;
    private final Clock clock;
    private final Duration maxTtl;
    private final Cache<String, IntrospectionOutcome.Active> active;
    private final Cache<String, Boolean> inactive;
    private final Map<String, Future<IntrospectionOutcome>> inFlight = new ConcurrentHashMap<>();
    private final RevokedTokens revoked;

    /**
     * @param maxTtl         the longest an active token is served from the cache
     * @param maxActive      the most active tokens kept
     * @param inactiveTtl    how long an inactive answer is kept
     * @param maxInactive    the most inactive answers kept
     * @param revoked        what this node heard revoked: an answer for such a token is never stored or served
     */
    public PhantomTokenCache(TokenIntrospector source, Duration maxTtl, long maxActive, Duration inactiveTtl,
                             long maxInactive, RevokedTokens revoked, Clock clock) {
        this.source = Objects.requireNonNull(source, "source");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxTtl = Objects.requireNonNull(maxTtl, "maxTtl");
        this.active = Caffeine.newBuilder().maximumSize(maxActive).ticker(this::nanos)
                .expireAfter(Expiry.creating((String key, IntrospectionOutcome.Active entry) -> lifetime(entry)))
                .executor(Runnable::run).build();
        this.inactive = Caffeine.newBuilder().maximumSize(maxInactive).ticker(this::nanos)
                .expireAfterWrite(inactiveTtl.toNanos(), TimeUnit.NANOSECONDS).executor(Runnable::run).build();
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken) {
        return introspect(opaqueToken, keyOf(opaqueToken));
    }

    @Override
    public boolean answerAtHand(String key) {
        return active.getIfPresent(key) != null || inactive.getIfPresent(key) != null || inFlight.containsKey(key);
    }

    @Override
    public Future<IntrospectionOutcome> introspect(String opaqueToken, String key) {
        IntrospectionOutcome.Active hit = active.getIfPresent(key);
        if (hit != null) {
            return Future.succeededFuture(hit);
        }
        if (inactive.getIfPresent(key) != null) {
            return Future.succeededFuture(INACTIVE);
        }
        Promise<IntrospectionOutcome> promise = Promise.promise();
        Future<IntrospectionOutcome> running = inFlight.putIfAbsent(key, promise.future());
        if (running != null) {
            return running;
        }
        source.introspect(opaqueToken, key).onComplete(answer -> {
            IntrospectionOutcome outcome = answer.succeeded() ? answer.result()
                    : new IntrospectionOutcome.Failed("introspection failed");
            // Answered before a revocation this node heard meanwhile: inactive, for every request that waited.
            if (outcome instanceof IntrospectionOutcome.Active entry && revoked.covers(key, entry.token())) {
                outcome = INACTIVE;
            }
            // Stored before the in-flight entry goes, so a request arriving in between finds one or the other.
            switch (outcome) {
                case IntrospectionOutcome.Active entry -> {
                    active.put(key, entry);
                    // A revocation heard while storing: undone at once.
                    if (revoked.covers(key, entry.token())) {
                        active.invalidate(key);
                    }
                }
                case IntrospectionOutcome.Inactive none -> inactive.put(key, Boolean.TRUE);
                default -> {
                }
            }
            inFlight.remove(key, promise.future());
            promise.complete(outcome);
        });
        return promise.future();
    }

    /** Forgets a token (revoked at the token server): its next use is introspected again. */
    public void evict(String opaqueToken) {
        evictKey(keyOf(opaqueToken));
    }

    /** Forgets a token by its key ({@link #keyOf}), as a revocation notice names it. */
    public void evictKey(String key) {
        active.invalidate(key);
        inactive.invalidate(key);
    }

    /** Forgets every active token {@code revokedToken} matches (all of a subject's, all of a client's). */
    public void evictWhere(Predicate<AccessToken> revokedToken) {
        active.asMap().values().removeIf(entry -> revokedToken.test(entry.token()));
    }

    /** Forgets everything: after notices may have been missed (the channel was down). */
    public void evictAll() {
        active.invalidateAll();
        inactive.invalidateAll();
    }

    /** How many active tokens are cached (after pending expiries). */
    public long activeCount() {
        active.cleanUp();
        return active.estimatedSize();
    }

    /**
     * The cache key of a token: the hex SHA-256 of its value, never the value. The token server names tokens
     * the same way, so its revocation notices and log lines match the gateway's.
     */
    public static String keyOf(String opaqueToken) {
        MessageDigest sha256 = SHA_256.get();
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(opaqueToken.getBytes(StandardCharsets.UTF_8)));
    }

    private Duration lifetime(IntrospectionOutcome.Active entry) {
        Duration left = Duration.between(clock.instant(), entry.cacheUntil());
        Duration capped = left.compareTo(maxTtl) > 0 ? maxTtl : left;
        return capped.isNegative() ? Duration.ZERO : capped;
    }

    private long nanos() {
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }
}
