-- Operations the server cannot take yet (DESIGN.md "not yet" refusals): their record's create, an
-- earlier operation of the same device or a record they point at has not arrived, their attachment
-- has not been uploaded, or they fall outside the user's scope for now. Such a refusal is never the
-- final answer of its opId (no device_op row): the device keeps the operation and sends it again.
-- One row per device operation, kept here so that an administrator sees what waits and why; the
-- row goes when the operation is applied or finally refused.
CREATE TABLE held_op (
    device_id   VARCHAR(36)  NOT NULL,
    op_id       VARCHAR(36)  NOT NULL,
    user_name   VARCHAR(200),
    record_id   VARCHAR(36),
    record_type VARCHAR(20),
    code        VARCHAR(60)  NOT NULL,
    message     TEXT         NOT NULL,
    operation   TEXT         NOT NULL,
    first_at    BIGINT       NOT NULL,
    last_at     BIGINT       NOT NULL,
    attempts    INTEGER      NOT NULL,
    PRIMARY KEY (device_id, op_id)
);
CREATE INDEX held_op_by_code ON held_op (code, device_id);
