package io.apisec.tokenserver.client;

/** The one way a client authenticates (practice 8: never two). */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String value;

    ClientAuthMethod(String value) {
        this.value = value;
    }

    /** The RFC 8414 / RFC 7591 name, also the spelling in the configuration file. */
    public String value() {
        return value;
    }

    /** Whether the client proves itself with a shared secret (rather than a key published at its jwks-uri). */
    public boolean usesSecret() {
        return this != PRIVATE_KEY_JWT;
    }
}
