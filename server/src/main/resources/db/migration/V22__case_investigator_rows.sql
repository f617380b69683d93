-- A case's investigators in rows of their own (issue 19): they were comma-joined text in
-- case_file.investigators (V6). One row per investigator, each once per case (the primary key),
-- in the order the case named them (position: the case shows them in that order). Who sees a
-- case reads these rows; what anyone may see is unchanged. The names are not a foreign key to
-- app_user: a case keeps naming whom it named, as its audit entries do.
CREATE TABLE case_investigator (
    case_id  VARCHAR(36) NOT NULL REFERENCES case_file (id) ON DELETE CASCADE,
    username VARCHAR(64) NOT NULL,
    position INTEGER     NOT NULL,
    PRIMARY KEY (case_id, username)
);
-- the cases a user is named on (their scope, identity.UserScopes)
CREATE INDEX case_investigator_by_user ON case_investigator (username);

-- The existing lists, split as V21 splits a user's lists: SQLite and PostgreSQL share no function
-- that finds a character in a text, so a recursive query walks each list one character at a time
-- with substr, || and CASE; a comma completes the entry read so far (done). Empty entries are
-- skipped; a name given twice keeps its first position.
INSERT INTO case_investigator (case_id, username, position)
WITH RECURSIVE walk (case_id, rest, item, done, position) AS (
    SELECT id, investigators || ',', CAST('' AS TEXT), CAST(NULL AS TEXT), 0 FROM case_file
    UNION ALL
    SELECT case_id, substr(rest, 2),
           CASE WHEN substr(rest, 1, 1) = ',' THEN '' ELSE item || substr(rest, 1, 1) END,
           CASE WHEN substr(rest, 1, 1) = ',' THEN item END,
           CASE WHEN substr(rest, 1, 1) = ',' AND item <> '' THEN position + 1 ELSE position END
      FROM walk WHERE rest <> ''
)
SELECT case_id, done, MIN(position) FROM walk WHERE done IS NOT NULL AND done <> '' GROUP BY case_id, done;

-- The text column goes: nothing reads it any more, and a copy left behind would drift.
ALTER TABLE case_file DROP COLUMN investigators;
