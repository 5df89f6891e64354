package io.apisec.tokenserver.config;

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
 */
public record ServerConfig(String host, int port, Optional<TlsConfig> tls, boolean plainHttp, int maxBodyBytes) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
    }
}
