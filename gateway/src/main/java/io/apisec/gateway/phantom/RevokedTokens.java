package io.apisec.gateway.phantom;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.apisec.jwt.AccessToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What this node heard revoked, remembered as long as a cache entry can live: single tokens by hash, and every
 * token of a subject or client issued before a revocation time. The caches consult it before they store an
 * answer or trust a shared entry, so that an introspection answered just before a revocation, or an entry
 * another node wrote meanwhile, never serves a revoked token. Bounded: a flood of revocations forgets the
 * oldest first.
 */
public final class RevokedTokens {

    static final long MAX_ENTRIES = 100_000;

    private final Cache<String, Boolean> tokens;
    private final Cache<String, Instant> subjects;
    private final Cache<String, Instant> clients;

    /** @param remember how long a revocation is remembered: at least the longest a cache entry lives */
    public RevokedTokens(Duration remember, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        this.tokens = cache(remember, clock);
        this.subjects = cache(remember, clock);
        this.clients = cache(remember, clock);
    }

    private static <V> Cache<String, V> cache(Duration remember, Clock clock) {
        return Caffeine.newBuilder().maximumSize(MAX_ENTRIES).executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(remember.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    public void token(String hash) {
        tokens.put(hash, Boolean.TRUE);
    }

    /** Every token of {@code subject} issued before {@code at} (the token server's clock, as {@code iat} is). */
    public void subject(String subject, Instant at) {
        subjects.asMap().merge(subject, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Every token of {@code clientId} issued before {@code at}. */
    public void client(String clientId, Instant at) {
        clients.asMap().merge(clientId, at, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Whether the token under {@code hash}, whose verified form is {@code token}, was revoked. */
    public boolean covers(String hash, AccessToken token) {
        if (tokens.getIfPresent(hash) != null) {
            return true;
        }
        Instant issued = token.issuedAt();
        Instant bySubject = token.subject().map(subjects::getIfPresent).orElse(null);
        Instant byClient = token.clientId().map(clients::getIfPresent).orElse(null);
        return (bySubject != null && issued.isBefore(bySubject)) || (byClient != null && issued.isBefore(byClient));
    }
}
