package io.apisec.tokenserver.config;

/** How a client authenticates at the token endpoint (RFC 6749, RFC 7523): exactly one per client. */
public enum ClientAuthenticationMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    ClientAuthenticationMethod(String value) {
        this.value = value;
    }

    /** The spelling in the configuration file and in RFC 8414 metadata. */
    public String value() {
        return value;
    }

    /** Whether the client proves itself with a shared secret (rather than a key published at its jwks-uri). */
    public boolean usesSecret() {
        return this != PRIVATE_KEY_JWT;
    }
}
