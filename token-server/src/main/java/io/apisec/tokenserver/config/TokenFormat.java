package io.apisec.tokenserver.config;

/** The form of the access tokens a client receives. */
public enum TokenFormat {
    /** 256 random bits; the gateway exchanges it for a JWT by introspection. For external clients. */
    OPAQUE("opaque"),
    /** An RFC 9068 JWT whose claims anyone holding it can read. Only for internal clients. */
    JWT("jwt"),
    /** The split-token approach: the client holds the JWT signature, the gateway the header and payload. */
    SPLIT("split");

    private final String value;

    TokenFormat(String value) {
        this.value = value;
    }

    /** The spelling in the configuration file. */
    public String value() {
        return value;
    }
}
