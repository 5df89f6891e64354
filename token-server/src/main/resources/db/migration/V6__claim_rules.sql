-- Claim rules added through the admin API (the rules of the configuration file live in the file). The rule is
-- JSON with the keys of a configuration-file claims entry.
CREATE TABLE claim_rules (
    name        VARCHAR(256)   NOT NULL PRIMARY KEY,
    rule        VARCHAR(16384) NOT NULL,
    updated_at  BIGINT         NOT NULL
);
