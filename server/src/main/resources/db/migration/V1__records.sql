-- Every synced record, whatever its type: the document as the schema defines it (body), plus the
-- columns the lists filter on, copied out of the body on each write. Written so that the same
-- script runs on SQLite and on PostgreSQL.
CREATE TABLE record (
    id           VARCHAR(36) PRIMARY KEY,
    record_type  VARCHAR(20) NOT NULL,
    version      INTEGER     NOT NULL,
    deleted      BOOLEAN     NOT NULL,
    unit_id      VARCHAR(36),
    jurisdiction VARCHAR(6),
    status       VARCHAR(40),
    grade        VARCHAR(20),
    event_at     BIGINT,
    deadline     VARCHAR(10),
    body         TEXT        NOT NULL,
    created_at   BIGINT      NOT NULL,
    updated_at   BIGINT      NOT NULL
);

CREATE INDEX record_by_type ON record (record_type, id);
CREATE INDEX record_by_jurisdiction ON record (record_type, jurisdiction, id);
CREATE INDEX record_by_unit ON record (record_type, unit_id, id);
CREATE INDEX record_by_status ON record (record_type, status, id);

-- Every version of every record is kept: evidence is never overwritten, and the sync merge
-- needs the snapshot a device's edit was based on.
CREATE TABLE record_version (
    record_id  VARCHAR(36) NOT NULL REFERENCES record (id),
    version    INTEGER     NOT NULL,
    deleted    BOOLEAN     NOT NULL,
    body       TEXT        NOT NULL,
    changed_at BIGINT      NOT NULL,
    PRIMARY KEY (record_id, version)
);
