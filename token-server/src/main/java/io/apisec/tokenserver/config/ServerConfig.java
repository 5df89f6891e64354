package io.apisec.tokenserver.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The public listener (token, introspection, JWKS and discovery endpoints).
 *
 * @param host         the address to bind
 * @param port         0..65535; 0 binds any free port (tests)
 * @param tls          present exactly when {@code plainHttp} is false
 * @param plainHttp    serve without TLS: accepted only on a loopback host
 * @param maxBodyBytes the largest request body accepted, 1024..1048576
 * @param headerTimeout how long a connection may take to send a request's headers (from connecting, or from
 *                     the end of the previous response), PT1S..PT1M: a slow sender is disconnected
 */
public record ServerConfig(String host, int port, Optional<TlsConfig> tls, boolean plainHttp, int maxBodyBytes,
                           Duration headerTimeout) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
    }
}
