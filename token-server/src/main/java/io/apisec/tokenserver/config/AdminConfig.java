package io.apisec.tokenserver.config;

import java.util.Objects;

/**
 * The administration listener, loopback by default; its API is itself protected by tokens.
 *
 * @param host the address to bind
 * @param port 0..65535, not the public listener's port
 */
public record AdminConfig(String host, int port) {

    public AdminConfig {
        Objects.requireNonNull(host, "host");
    }
}
