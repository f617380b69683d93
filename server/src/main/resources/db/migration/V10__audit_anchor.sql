-- Anchoring the audit log outside the database (issue 12, item 9).
--
-- An entry that records a stored version of a record names that version and the SHA-256 of the
-- record's canonical body at that version, copied out of the hashed entry like the other columns,
-- so that the verifier can join them to record_version and find an edited body.
ALTER TABLE audit_entry ADD COLUMN record_version INTEGER;
ALTER TABLE audit_entry ADD COLUMN content_sha256 VARCHAR(64);
CREATE INDEX audit_by_version ON audit_entry (record_id, record_version);

-- Signed checkpoints of the chain's head: a copy of the append-only checkpoint file, which is the
-- one that counts (the database's writer can delete rows here, but cannot sign new ones).
-- checkpoint numbers them 1, 2, ...; seq is the head entry's seq (= the number of entries);
-- text is the signed checkpoint's canonical JSON, byte for byte as in the file. Each server node
-- signs with its own key (key_id, the SHA-256 of its public key) into its own file.
CREATE TABLE audit_checkpoint (
    key_id     VARCHAR(64) NOT NULL,
    checkpoint BIGINT      NOT NULL,
    seq        BIGINT      NOT NULL,
    head_hash  VARCHAR(64) NOT NULL,
    at         BIGINT      NOT NULL,
    text       TEXT        NOT NULL,
    PRIMARY KEY (key_id, checkpoint)
);
