-- A user's scope in rows of its own (issue 19): the division-code prefixes, the units and the
-- cases a user is given were comma-joined text in app_user (V5). One row per entry, the entry once
-- per user (the primary key), in the order the administrator gave them (position: the console
-- opens on a user's first jurisdiction). Scope checks read these rows; what anyone may see is
-- unchanged.
CREATE TABLE app_user_jurisdiction (
    username     VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    jurisdiction VARCHAR(6)  NOT NULL,
    position     INTEGER     NOT NULL,
    PRIMARY KEY (username, jurisdiction)
);
CREATE TABLE app_user_unit (
    username VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    unit_id  VARCHAR(36) NOT NULL,
    position INTEGER     NOT NULL,
    PRIMARY KEY (username, unit_id)
);
CREATE TABLE app_user_case (
    username VARCHAR(64) NOT NULL REFERENCES app_user (username) ON DELETE CASCADE,
    case_id  VARCHAR(36) NOT NULL,
    position INTEGER     NOT NULL,
    PRIMARY KEY (username, case_id)
);

-- The existing lists, split. SQLite and PostgreSQL share no function that finds a character in a
-- text (instr / strpos), so a recursive query walks each list one character at a time with what
-- both have (substr, ||, CASE): a comma completes the entry read so far (done) and moves to the
-- next position. Empty entries (",,") are skipped; an entry given twice keeps its first position.
-- The split lists pass through a scratch table, dropped at the end.
CREATE TABLE scope_entry_split (
    username VARCHAR(64) NOT NULL,
    list     VARCHAR(20) NOT NULL,
    entry    TEXT        NOT NULL,
    position INTEGER     NOT NULL
);
INSERT INTO scope_entry_split (username, list, entry, position)
WITH RECURSIVE lists (username, list, joined) AS (
    SELECT username, CAST('jurisdictions' AS VARCHAR(20)), jurisdictions FROM app_user
    UNION ALL
    SELECT username, CAST('units' AS VARCHAR(20)), units FROM app_user
    UNION ALL
    SELECT username, CAST('cases' AS VARCHAR(20)), cases FROM app_user
), walk (username, list, rest, item, done, position) AS (
    SELECT username, list, joined || ',', CAST('' AS TEXT), CAST(NULL AS TEXT), 0 FROM lists
    UNION ALL
    SELECT username, list, substr(rest, 2),
           CASE WHEN substr(rest, 1, 1) = ',' THEN '' ELSE item || substr(rest, 1, 1) END,
           CASE WHEN substr(rest, 1, 1) = ',' THEN item END,
           CASE WHEN substr(rest, 1, 1) = ',' AND item <> '' THEN position + 1 ELSE position END
      FROM walk WHERE rest <> ''
)
SELECT username, list, done, MIN(position) FROM walk WHERE done IS NOT NULL AND done <> '' GROUP BY username, list, done;

INSERT INTO app_user_jurisdiction (username, jurisdiction, position)
    SELECT username, entry, position FROM scope_entry_split WHERE list = 'jurisdictions';
INSERT INTO app_user_unit (username, unit_id, position)
    SELECT username, entry, position FROM scope_entry_split WHERE list = 'units';
INSERT INTO app_user_case (username, case_id, position)
    SELECT username, entry, position FROM scope_entry_split WHERE list = 'cases';
DROP TABLE scope_entry_split;

-- The text columns go: nothing reads them any more, and a copy left behind would drift.
ALTER TABLE app_user DROP COLUMN jurisdictions;
ALTER TABLE app_user DROP COLUMN units;
ALTER TABLE app_user DROP COLUMN cases;
