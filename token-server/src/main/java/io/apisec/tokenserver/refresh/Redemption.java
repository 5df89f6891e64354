package io.apisec.tokenserver.refresh;

/** What presenting a refresh token came to. */
public sealed interface Redemption {

    /** The token was valid and is now used: issue the next one of its family. */
    record Accepted(RefreshTokenRecord token) implements Redemption {
    }

    /** Unknown, expired, revoked, or another client's: nothing changed. */
    record Refused() implements Redemption {
    }

    /**
     * The token had already been used: someone holds a copy. The whole family is revoked, and the access
     * tokens issued from it.
     */
    record ReuseDetected(RefreshTokenRecord token, int refreshTokensRevoked, int accessTokensRevoked)
            implements Redemption {
    }
}
