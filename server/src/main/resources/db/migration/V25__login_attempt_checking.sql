-- A login attempt whose password is still being checked (1), or a wrong password (0). Both count
-- against the limits, as before; a login refused only because its own user's other attempts are
-- under way (several devices of one inspector logging in at once) waits for them to end instead of
-- being told to come back in 15 minutes. LoginThrottle.
ALTER TABLE login_failure ADD COLUMN checking INTEGER NOT NULL DEFAULT 0;
