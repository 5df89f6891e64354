package io.apisec.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Remembers tokens that validated, keyed by the SHA-256 of the token (never the token itself), so a
 * repeated token skips the signature check. Bounded in size; an entry never outlives the token's
 * {@code exp}; the validator drops an entry whose signing key has left the JWKS on its next hit, and
 * caches only tokens that name their key.
 */
final class ValidationCache {

    private final Cache<TokenHash, AccessToken> cache;
    private final Clock clock;
    private final MessageDigest sha256Prototype;

    ValidationCache(long maxEntries, Clock clock) {
        this.clock = clock;
        this.sha256Prototype = sha256();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(Expiry.<TokenHash, AccessToken>creating((hash, token) ->
                        java.time.Duration.ofMillis(Math.max(0, token.expiresAt().toEpochMilli() - clock.millis()))))
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

    /** The cached token, if present and not expired at this instant. */
    AccessToken get(TokenHash hash) {
        AccessToken token = cache.getIfPresent(hash);
        if (token != null && clock.millis() >= token.expiresAt().toEpochMilli()) {
            cache.invalidate(hash);
            return null;
        }
        return token;
    }

    void put(TokenHash hash, AccessToken token) {
        if (clock.millis() < token.expiresAt().toEpochMilli()) {
            cache.put(hash, token);
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

    /** A SHA-256 digest as four longs: cheap to hash and compare. */
    record TokenHash(long a, long b, long c, long d) {
    }
}
