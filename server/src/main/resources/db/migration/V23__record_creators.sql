-- Who created each record: the user, and the device when it came by a device's push (null when
-- written through the API or by the server itself). A device deletes only a draft its own user
-- created (cn.fieldsync.schemas.Deletions). Rows stored before this release have neither: nobody
-- knows who made them, so no device may delete them (an administrator still manages them).
-- Plain SQL: the same on SQLite and PostgreSQL.
ALTER TABLE record ADD COLUMN created_by VARCHAR(100);
ALTER TABLE record ADD COLUMN created_device VARCHAR(36);
