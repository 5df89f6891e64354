package io.apisec.tokenserver.client;

/** What a client's access tokens look like (practice 3). */
public enum TokenFormat {
    /** 256 random bits, of which only the SHA-256 is stored: for clients outside the network. */
    OPAQUE("opaque"),
    /** An RFC 9068 JWT whose claims anyone holding it can read: only for internal clients (practice 10). */
    JWT("jwt"),
    /** The split-token approach: the client holds the signature, the gateway the rest (a later issue). */
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
