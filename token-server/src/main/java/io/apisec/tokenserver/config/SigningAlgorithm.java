package io.apisec.tokenserver.config;

/**
 * The JWS algorithm new signing keys are made for. The constant names are the JWS names, so that other
 * packages can map this enum to their own by {@link #name()}.
 */
public enum SigningAlgorithm {
    RS256,
    PS256,
    ES256,
    EdDSA;

    /** The spelling in the configuration file, which is the JWS {@code alg} name. */
    public String value() {
        return name();
    }
}
