package io.apisec.tokenserver.token;

/**
 * A token just issued: its value, which goes to the client once and is never stored or logged, and its
 * record.
 */
public record IssuedToken(String value, TokenRecord record) {

    @Override
    public String toString() {
        return "IssuedToken[" + TokenHash.logPrefix(record.tokenHash()) + "..., client=" + record.clientId() + "]";
    }
}
