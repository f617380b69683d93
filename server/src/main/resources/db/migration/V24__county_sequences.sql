-- A server serving several counties numbers each county's documents in that county's own sequence
-- under its own issuing authority (DocumentSettings.issuer), and each county's cases in its own
-- sequence (CaseNumbers): the county is part of what makes a number unique. '' is the server's one sequence (a one-county server, and every document issued
-- before this migration). SQLite cannot drop a table's UNIQUE constraint, so the table is rebuilt,
-- the same way on PostgreSQL.
CREATE TABLE issued_document_v24 (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    kind            VARCHAR(40)  NOT NULL,
    issuer_county   VARCHAR(12)  NOT NULL DEFAULT '',
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
    UNIQUE (kind, issuer_county, year, seq),
    UNIQUE (kind, source_key)
);

INSERT INTO issued_document_v24 (id, kind, issuer_county, year, seq, number, subject_type, subject_id, subject_version,
                                 source_key, sha256, size_bytes, issued_by, issued_at)
SELECT id, kind, '', year, seq, number, subject_type, subject_id, subject_version,
       source_key, sha256, size_bytes, issued_by, issued_at
FROM issued_document;

DROP TABLE issued_document;
ALTER TABLE issued_document_v24 RENAME TO issued_document;

CREATE INDEX issued_document_subject ON issued_document (subject_id);
CREATE INDEX issued_document_issued ON issued_document (issued_at);
-- a number's text is never given twice, whatever sequence reaches it (Numbering.nextUnused looks it up)
CREATE INDEX issued_document_number ON issued_document (kind, number);

-- A case's number is unique within its county's sequence ('' = the server's one sequence, every case
-- numbered before this migration).
ALTER TABLE case_file ADD COLUMN number_county VARCHAR(12) NOT NULL DEFAULT '';
DROP INDEX case_file_by_number;
CREATE UNIQUE INDEX case_file_by_number ON case_file (number_county, year, seq_in_year);
CREATE INDEX case_file_number ON case_file (number);
