-- One offline run's edits of one field form one conflict (DESIGN.md, sync protocol: conflicts).
-- A later conflicting edit of the same device on the same record joins the conflict still open
-- instead of opening another, so the conflict holds every operation it stands for.
ALTER TABLE sync_conflict ADD COLUMN op_ids TEXT;

-- The conflict still open for one device on one record, at most one: a push looks it up by key,
-- and two pushes racing to open a second one collide here. Removed when the conflict is resolved.
CREATE TABLE sync_conflict_open (
    open_key    VARCHAR(80) PRIMARY KEY,
    conflict_id VARCHAR(36) NOT NULL
);
INSERT INTO sync_conflict_open (open_key, conflict_id)
    SELECT record_id || '/' || device_id, MIN(id) FROM sync_conflict WHERE status = 'OPEN'
    GROUP BY record_id, device_id;
