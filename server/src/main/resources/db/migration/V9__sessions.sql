-- Sessions that end when they should, and a login throttle shared by every node (issue 12).

-- A login is a family of tokens: the access and refresh tokens handed out by one password check
-- and by every refresh after it. Logging out, or presenting a refresh token that was already
-- exchanged, ends the whole family.
--   login_id     the family (a UUID; tokens from before this migration get one per user and device)
--   replaced_by  for a refresh token: the SHA-256 of the refresh token it was exchanged for
--   used_at      for an access token: its first use; for a refresh token: when it was exchanged
--   refresh_hash for an access token: the refresh token handed out with it
ALTER TABLE auth_token ADD COLUMN login_id VARCHAR(140);
ALTER TABLE auth_token ADD COLUMN replaced_by VARCHAR(64);
ALTER TABLE auth_token ADD COLUMN used_at BIGINT;
ALTER TABLE auth_token ADD COLUMN refresh_hash VARCHAR(64);
-- the old tokens cannot be told apart by login: one family per user and device, so a logout ends
-- at most a little more than it must, never less
UPDATE auth_token SET login_id = 'legacy-' || username || '-' || COALESCE(device_id, '');
CREATE INDEX auth_token_by_login ON auth_token (login_id);
CREATE INDEX auth_token_by_refresh ON auth_token (refresh_hash);

-- A login attempt under way or failed: written before the password is checked, so that attempts
-- running at the same time on several nodes count each other; deleted again when the attempt
-- succeeds or is refused by the throttle. Rows older than the throttle's window are deleted.
CREATE TABLE login_failure (
    id       VARCHAR(36)  PRIMARY KEY,
    username VARCHAR(64)  NOT NULL,
    address  VARCHAR(100) NOT NULL,
    at       BIGINT       NOT NULL
);
CREATE INDEX login_failure_by_user ON login_failure (username, at);
CREATE INDEX login_failure_by_address ON login_failure (address, at);
CREATE INDEX login_failure_by_time ON login_failure (at);

-- Addresses a user has logged in from: the per-address limit does not lock them out there.
CREATE TABLE login_known_address (
    username VARCHAR(64)  NOT NULL,
    address  VARCHAR(100) NOT NULL,
    last_at  BIGINT       NOT NULL,
    PRIMARY KEY (username, address)
);

-- A lockout under way ("user:NAME" or "address:ADDR"): how many attempts it refused, so that the
-- audit log gets entries at the 1st, 10th, 100th... refusal instead of one per refusal.
CREATE TABLE login_lock (
    throttle_key VARCHAR(200) PRIMARY KEY,
    locked_at    BIGINT       NOT NULL,
    until_at     BIGINT       NOT NULL,
    refused      BIGINT       NOT NULL
);
