-- Issued access tokens, by the SHA-256 (hex) of the token string: never the token itself.
-- JWT access tokens are recorded too, so they can be introspected and revoked like opaque ones.
CREATE TABLE access_tokens (
    token_hash   CHAR(64)       NOT NULL PRIMARY KEY,
    jti          VARCHAR(64)    NOT NULL,
    format       VARCHAR(8)     NOT NULL,
    client_id    VARCHAR(128)   NOT NULL,
    subject      VARCHAR(255)   NOT NULL,
    scope        VARCHAR(4096)  NOT NULL,
    audience     VARCHAR(2048)  NOT NULL,
    claims       VARCHAR(16384) NOT NULL,
    issued_at    BIGINT         NOT NULL,
    expires_at   BIGINT         NOT NULL,
    revoked_at   BIGINT
);

CREATE UNIQUE INDEX access_tokens_jti ON access_tokens (jti);
CREATE INDEX access_tokens_expires_at ON access_tokens (expires_at);
