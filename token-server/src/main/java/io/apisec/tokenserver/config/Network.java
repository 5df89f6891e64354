package io.apisec.tokenserver.config;

/** Where a client's tokens travel: it decides whether readable claims may reach them. */
public enum Network {
    /** Tokens leave the network (browsers, mobile apps, partners). */
    EXTERNAL("external"),
    /** Tokens stay inside the network (service to service). */
    INTERNAL("internal");

    private final String value;

    Network(String value) {
        this.value = value;
    }

    /** The spelling in the configuration file. */
    public String value() {
        return value;
    }
}
