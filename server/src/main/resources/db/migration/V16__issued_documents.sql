-- The printed documents (文书) the server issued: each numbered within its kind and year (the number
-- taken from number_counter, kind 'doc:<KIND>'), its PDF kept content-addressed among the
-- attachments by its SHA-256, which the audit entry DOCUMENT_ISSUED records too.
-- source_key says what was printed (the subject and its version, or the digest of a case's or a
-- ledger's content): printing the same thing again answers the document already issued, with its
-- number, instead of taking a new one.
CREATE TABLE issued_document (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind            VARCHAR(40)  NOT NULL,
    year            INTEGER      NOT NULL,
    seq             INTEGER      NOT NULL,
    number          VARCHAR(200) NOT NULL,
    subject_type    VARCHAR(20)  NOT NULL,
    subject_id      VARCHAR(36),
    subject_version INTEGER,
    source_key      VARCHAR(200) NOT NULL,
    sha256          VARCHAR(64)  NOT NULL,
    size_bytes      BIGINT       NOT NULL,
    issued_by       VARCHAR(200) NOT NULL,
    issued_at       BIGINT       NOT NULL,
    UNIQUE (kind, year, seq),
    UNIQUE (kind, source_key)
);

CREATE INDEX issued_document_subject ON issued_document (subject_id);
CREATE INDEX issued_document_issued ON issued_document (issued_at);
