-- Refresh tokens, by the SHA-256 (hex) of the token string. Each use rotates: the presented token is marked
-- used and a new one is issued in the same family. A used token presented again revokes the whole family,
-- and the access tokens issued from it (access_tokens.refresh_family).
CREATE TABLE refresh_tokens (
    token_hash        CHAR(64)       NOT NULL PRIMARY KEY,
    family_id         VARCHAR(64)    NOT NULL,
    client_id         VARCHAR(128)   NOT NULL,
    subject           VARCHAR(255)   NOT NULL,
    scope             VARCHAR(4096)  NOT NULL,
    audience          VARCHAR(2048)  NOT NULL,
    issued_at         BIGINT         NOT NULL,
    expires_at        BIGINT         NOT NULL,
    used_at           BIGINT,
    revoked_at        BIGINT
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_at ON refresh_tokens (expires_at);

ALTER TABLE access_tokens ADD COLUMN refresh_family VARCHAR(64);
CREATE INDEX access_tokens_refresh_family ON access_tokens (refresh_family);
