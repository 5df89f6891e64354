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

    /** The RFC 8414 / RFC 7591 name. */
    public String value() {
        return value;
    }
}
