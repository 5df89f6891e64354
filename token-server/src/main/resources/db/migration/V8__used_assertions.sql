-- private_key_jwt client assertions already used (RFC 7523 section 3: a jti is used once), kept until the
-- assertion expires. In the database so that every node refuses a replay, not only the one that saw it first.
CREATE TABLE used_assertions (
    client_id   VARCHAR(128)  NOT NULL,
    jti         VARCHAR(256)  NOT NULL,
    expires_at  BIGINT        NOT NULL,
    PRIMARY KEY (client_id, jti)
);

CREATE INDEX used_assertions_expires_at ON used_assertions (expires_at);
