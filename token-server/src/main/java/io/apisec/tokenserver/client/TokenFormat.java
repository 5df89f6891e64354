package io.apisec.tokenserver.client;

/** What a client's access tokens look like (practice 3). */
public enum TokenFormat {
    /** 256 random bits, of which only the SHA-256 is stored: for clients outside the network. */
    OPAQUE,
    /** An RFC 9068 JWT: only for internal clients inside the network (practice 10). */
    JWT,
    /** The split-token approach: the client holds the signature, the gateway the rest (a later issue). */
    SPLIT
}
