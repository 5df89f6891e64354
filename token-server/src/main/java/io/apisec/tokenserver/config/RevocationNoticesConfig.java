package io.apisec.tokenserver.config;

import java.util.Objects;

/**
 * Where the token server announces revocations, so that gateways evict the tokens from their caches at once:
 * a Redis channel (several gateway nodes subscribe to it).
 *
 * @param redisUrl {@code redis://host:port}, no credentials in it
 * @param channel  the channel, {@link #DEFAULT_CHANNEL} unless set
 */
public record RevocationNoticesConfig(String redisUrl, String channel) {

    public static final String DEFAULT_CHANNEL = "apisec:revocations";

    public RevocationNoticesConfig {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(channel, "channel");
    }
}
