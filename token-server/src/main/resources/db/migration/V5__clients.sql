-- Clients registered through the admin API (clients of the configuration file live in the file). The
-- registration is JSON with the keys of a configuration-file client entry; the secret only as its SHA-256 (hex).
CREATE TABLE clients (
    client_id     VARCHAR(128)   NOT NULL PRIMARY KEY,
    registration  VARCHAR(16384) NOT NULL,
    secret_hash   CHAR(64),
    created_at    BIGINT         NOT NULL,
    updated_at    BIGINT         NOT NULL
);

-- Disabled clients, of either kind: they cannot authenticate, and their tokens were revoked when disabled.
CREATE TABLE disabled_clients (
    client_id     VARCHAR(128)   NOT NULL PRIMARY KEY,
    disabled_at   BIGINT         NOT NULL
);
