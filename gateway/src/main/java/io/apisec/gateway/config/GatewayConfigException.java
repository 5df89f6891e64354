package io.apisec.gateway.config;

/** A configuration that cannot be used; the message names the file, the key (and route) and what to do. */
public final class GatewayConfigException extends RuntimeException {

    public GatewayConfigException(String message) {
        super(message);
    }

    public GatewayConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
