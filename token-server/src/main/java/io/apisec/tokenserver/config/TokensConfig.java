package io.apisec.tokenserver.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Upper bounds that no client setting can exceed.
 *
 * @param maxAccessTokenLifetime  the longest access-token lifetime any client may have
 * @param maxRefreshTokenLifetime the longest refresh-token lifetime
 */
public record TokensConfig(Duration maxAccessTokenLifetime, Duration maxRefreshTokenLifetime) {

    public TokensConfig {
        Objects.requireNonNull(maxAccessTokenLifetime, "maxAccessTokenLifetime");
        Objects.requireNonNull(maxRefreshTokenLifetime, "maxRefreshTokenLifetime");
    }
}
