-- What a case may touch (its reach): the division code of its subject unit, and the codes an
-- administrator granted it (a city commission's case over two counties). Evidence, parties,
-- action targets and the units of a case lie within its reach, and the evidence confirmed for a
-- case reaches its investigators only within it (README, "Roles and scopes").
-- origin: SUBJECT (the subject unit's code, written when the case is opened) or GRANTED.
CREATE TABLE case_reach (
    id           VARCHAR(36) PRIMARY KEY,
    case_id      VARCHAR(36) NOT NULL,
    jurisdiction VARCHAR(6)  NOT NULL,
    origin       VARCHAR(10) NOT NULL,
    granted_by   VARCHAR(64) NOT NULL,
    granted_at   BIGINT      NOT NULL
);
CREATE UNIQUE INDEX case_reach_once ON case_reach (case_id, jurisdiction);

-- the cases opened before: their reach is their own jurisdiction (the id is the case's: one row each)
INSERT INTO case_reach (id, case_id, jurisdiction, origin, granted_by, granted_at)
    SELECT id, id, jurisdiction, 'SUBJECT', opened_by, opened_at FROM case_file WHERE jurisdiction IS NOT NULL;
