-- Signing keys. Times are epoch milliseconds (portable across H2 and PostgreSQL).
-- The private key is stored only encrypted (AES-GCM under the master key), base64.
CREATE TABLE signing_keys (
    kid               VARCHAR(64)    NOT NULL PRIMARY KEY,
    algorithm         VARCHAR(16)    NOT NULL,
    public_jwk        VARCHAR(4096)  NOT NULL,
    private_key_enc   VARCHAR(16384) NOT NULL,
    created_at        BIGINT         NOT NULL,
    activates_at      BIGINT         NOT NULL,
    revoked_at        BIGINT
);

-- Two nodes preparing the same rotation slot: the second insert fails and that node reloads.
CREATE UNIQUE INDEX signing_keys_activates_at ON signing_keys (activates_at);
