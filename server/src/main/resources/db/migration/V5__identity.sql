-- Users, their sessions, device revocation, quarantined pushes and the record moves that take a
-- record out of someone's sight.

-- scope lists are comma-separated: division-code prefixes, unit ids, case ids
CREATE TABLE app_user (
    username      VARCHAR(64)  PRIMARY KEY,
    password_hash VARCHAR(200) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    jurisdictions TEXT         NOT NULL,
    units         TEXT         NOT NULL,
    cases         TEXT         NOT NULL,
    disabled      BOOLEAN      NOT NULL,
    created_at    BIGINT       NOT NULL,
    updated_at    BIGINT       NOT NULL
);

-- Only the SHA-256 of a token is stored: a copy of this table lets nobody in.
CREATE TABLE auth_token (
    token_hash VARCHAR(64) PRIMARY KEY,
    kind       VARCHAR(10) NOT NULL,
    username   VARCHAR(64) NOT NULL,
    device_id  VARCHAR(36),
    expires_at BIGINT      NOT NULL,
    created_at BIGINT      NOT NULL,
    revoked    BOOLEAN     NOT NULL
);
CREATE INDEX auth_token_by_user ON auth_token (username);

ALTER TABLE device ADD COLUMN revoked_at BIGINT;
ALTER TABLE device ADD COLUMN revoked_by VARCHAR(64);
ALTER TABLE device ADD COLUMN revoke_reason TEXT;

-- What a revoked device tried to push: kept whole for an administrator, never applied, never dropped.
CREATE TABLE quarantined_push (
    id          VARCHAR(36) PRIMARY KEY,
    device_id   VARCHAR(36) NOT NULL,
    user_name   VARCHAR(64),
    body        TEXT        NOT NULL,
    operations  INTEGER     NOT NULL,
    received_at BIGINT      NOT NULL
);
CREATE INDEX quarantined_push_by_device ON quarantined_push (device_id, id);

-- A record that moved (another unit or jurisdiction): who saw it where it was and cannot see it where
-- it is now gets a removal in the change feed, at the change's position.
CREATE TABLE scope_exit (
    seq              BIGINT      NOT NULL,
    record_id        VARCHAR(36) NOT NULL,
    record_type      VARCHAR(20) NOT NULL,
    old_jurisdiction VARCHAR(6),
    old_unit_id      VARCHAR(36),
    new_jurisdiction VARCHAR(6),
    new_unit_id      VARCHAR(36),
    PRIMARY KEY (seq, record_id)
);
