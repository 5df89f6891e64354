package io.apisec.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * For caches whose value is the instant, on the cache's ticker, at which the entry stops mattering (a bucket full
 * again, a refusal over): each entry lives exactly until its value.
 */
public final class ExpiresAtValue implements Expiry<String, Long> {

    @Override
    public long expireAfterCreate(String key, Long until, long now) {
        return Math.max(1, until - now);
    }

    @Override
    public long expireAfterUpdate(String key, Long until, long now, long current) {
        return Math.max(1, until - now);
    }

    @Override
    public long expireAfterRead(String key, Long until, long now, long current) {
        return current;
    }
}
