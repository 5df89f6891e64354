package io.apisec.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWK;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Remembers tokens that validated, keyed by the SHA-256 of the token (never the token itself), so a
 * repeated token skips the signature check. Bounded in size; an entry never outlives the token's
 * {@code exp}; each entry remembers the exact key that verified it, and the validator trusts the entry
 * only while the JWKS still holds that key, unchanged, under that kid.
 */
final class ValidationCache {

    private final Cache<TokenHash, Entry> cache;
    private final Clock clock;
    private final MessageDigest sha256Prototype;

    ValidationCache(long maxEntries, Clock clock) {
        this.clock = clock;
        this.sha256Prototype = sha256();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(Expiry.<TokenHash, Entry>creating((hash, entry) -> java.time.Duration.ofMillis(
                        Math.max(0, entry.token().expiresAt().toEpochMilli() - clock.millis()))))
                .build();
    }

    TokenHash hash(String token) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) sha256Prototype.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        ByteBuffer d = ByteBuffer.wrap(digest.digest(token.getBytes(StandardCharsets.US_ASCII)));
        return new TokenHash(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    /** The cached entry, if present and its token not expired at this instant (even if the clock stepped). */
    Entry get(TokenHash hash) {
        Entry entry = cache.getIfPresent(hash);
        if (entry != null && clock.millis() >= entry.token().expiresAt().toEpochMilli()) {
            cache.invalidate(hash);
            return null;
        }
        return entry;
    }

    void put(TokenHash hash, Entry entry) {
        if (clock.millis() < entry.token().expiresAt().toEpochMilli()) {
            cache.put(hash, entry);
        }
    }

    void invalidate(TokenHash hash) {
        cache.invalidate(hash);
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A verified token and the exact key that verified it. */
    record Entry(AccessToken token, JWK key) {
    }

    /** A SHA-256 digest as four longs: cheap to hash and compare. */
    record TokenHash(long a, long b, long c, long d) {
    }
}
