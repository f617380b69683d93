-- The audit log: every accepted operation, refusal, conflict resolution and enrolment, in order.
-- Each entry's hash covers the previous entry's hash and the entry's canonical JSON, so a changed,
-- removed or inserted entry breaks the chain from there on. audit_head holds the last entry: its
-- row is updated by every append, which serialises appenders and shows a truncated tail.
CREATE TABLE audit_entry (
    seq       BIGINT       PRIMARY KEY,
    at        BIGINT       NOT NULL,
    actor     VARCHAR(200),
    action    VARCHAR(40)  NOT NULL,
    record_id VARCHAR(36),
    entry     TEXT         NOT NULL,
    prev_hash VARCHAR(64)  NOT NULL,
    hash      VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_by_record ON audit_entry (record_id, seq);
CREATE INDEX audit_by_actor ON audit_entry (actor, seq);

CREATE TABLE audit_head (
    id   INTEGER     PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
