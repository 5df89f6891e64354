package io.apisec.tokenserver.config;

/** The grant types a client may use at the token endpoint. */
public enum GrantType {
    CLIENT_CREDENTIALS("client_credentials"),
    REFRESH_TOKEN("refresh_token"),
    /** RFC 8693. */
    TOKEN_EXCHANGE("urn:ietf:params:oauth:grant-type:token-exchange");

    private final String value;

    GrantType(String value) {
        this.value = value;
    }

    /** The spelling in the configuration file and in the {@code grant_type} parameter. */
    public String value() {
        return value;
    }
}
