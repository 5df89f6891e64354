-- One row per refresh-token family (one first grant and every token rotated from it). Revocation is decided
-- here first, then copied to the family's tokens: a rotation checks this row after issuing, so a token it
-- issues while the family is being revoked is revoked too, whatever the interleaving of the two requests.
CREATE TABLE refresh_families (
    family_id    VARCHAR(64)    NOT NULL PRIMARY KEY,
    client_id    VARCHAR(128)   NOT NULL,
    expires_at   BIGINT         NOT NULL,
    revoked_at   BIGINT
);

CREATE INDEX refresh_families_client ON refresh_families (client_id);
CREATE INDEX refresh_families_expires_at ON refresh_families (expires_at);
