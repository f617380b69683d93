-- The change sequence: every accepted change stamps its record with the next number, taken
-- from the single row of change_seq as the last step of the writing transaction. The row lock
-- (PostgreSQL) or the write lock (SQLite) is held until commit, so changes commit in sequence
-- order and a reader that has seen seq N has seen every seq below it: no change is skipped.
ALTER TABLE record ADD COLUMN seq BIGINT;
UPDATE record SET seq = (SELECT COUNT(*) FROM record r2 WHERE r2.id <= record.id);
CREATE UNIQUE INDEX record_by_seq ON record (seq);

CREATE TABLE change_seq (
    id    INTEGER PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO change_seq (id, value) VALUES (1, 0);
UPDATE change_seq SET value = (SELECT COALESCE(MAX(seq), 0) FROM record) WHERE id = 1;

CREATE TABLE device (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    user_name    VARCHAR(200),
    enrolled_at  BIGINT       NOT NULL,
    last_sync_at BIGINT
);

-- Every operation a device pushed, with the answer it got: the idempotency record. A retried
-- opId gets this answer back byte for byte; the same opId with another body is refused.
CREATE TABLE device_op (
    device_id    VARCHAR(36) NOT NULL,
    op_id        VARCHAR(36) NOT NULL,
    request_hash VARCHAR(64) NOT NULL,
    record_id    VARCHAR(36),
    device_view  TEXT,
    answer       TEXT        NOT NULL,
    result_version INTEGER,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (device_id, op_id)
);

CREATE TABLE sync_conflict (
    id               VARCHAR(36) PRIMARY KEY,
    record_id        VARCHAR(36) NOT NULL,
    record_type      VARCHAR(20) NOT NULL,
    device_id        VARCHAR(36) NOT NULL,
    user_name        VARCHAR(200),
    op_id            VARCHAR(36) NOT NULL,
    base_version     INTEGER     NOT NULL,
    server_version   INTEGER     NOT NULL,
    fields           TEXT        NOT NULL,
    status           VARCHAR(20) NOT NULL,
    resolution       VARCHAR(20),
    resolved_values  TEXT,
    resolved_by      VARCHAR(200),
    resolved_at      BIGINT,
    resolved_version INTEGER,
    created_at       BIGINT      NOT NULL
);
CREATE INDEX sync_conflict_by_status ON sync_conflict (status, id);
CREATE INDEX sync_conflict_by_record ON sync_conflict (record_id);

-- Operations refused, kept for review: nothing a device sent is dropped.
CREATE TABLE rejected_op (
    id          VARCHAR(36)  PRIMARY KEY,
    device_id   VARCHAR(36)  NOT NULL,
    user_name   VARCHAR(200),
    op_id       VARCHAR(36),
    record_id   VARCHAR(36),
    record_type VARCHAR(20),
    code        VARCHAR(60)  NOT NULL,
    message     TEXT         NOT NULL,
    operation   TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
);
