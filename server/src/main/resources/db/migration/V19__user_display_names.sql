-- The name a person is known by (李青), shown wherever their account acted: investigators, who
-- confirmed a link, who resolved a conflict, the audit trail. The user name stays the key; a user
-- without one is shown by the user name. Plain SQL: the same on SQLite and PostgreSQL.
ALTER TABLE app_user ADD COLUMN display_name VARCHAR(100);
