package io.apisec.tokenserver.claims;

/** Where the value of a released claim comes from. */
public enum ClaimSource {
    /** An entry of the client's {@code attributes}. */
    CLIENT_ATTRIBUTE("client-attribute"),
    /** An attribute of the user the token is for. */
    USER_ATTRIBUTE("user-attribute"),
    /** A fixed string. */
    CONSTANT("constant");

    private final String value;

    ClaimSource(String value) {
        this.value = value;
    }

    /** The spelling in the configuration file. */
    public String value() {
        return value;
    }

    /** Whether the claim names an attribute to read (rather than holding a constant value). */
    public boolean readsAttribute() {
        return this != CONSTANT;
    }
}
