package io.apisec.tokenserver.refresh;

import io.apisec.tokenserver.token.TokenHash;

/** A refresh token just issued: its value goes to the client once and is never stored or logged. */
public record IssuedRefreshToken(String value, RefreshTokenRecord record) {

    @Override
    public String toString() {
        return "IssuedRefreshToken[" + TokenHash.logPrefix(record.tokenHash()) + "..., client=" + record.clientId() + "]";
    }
}
