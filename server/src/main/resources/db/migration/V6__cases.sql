-- Cases (案件) for "one case, two investigations" (一案双查): the case, its parties and findings per
-- track (DIRECT / LEADERSHIP), the evidence linked to each track, and the accountability actions.

CREATE TABLE case_file (
    id                  VARCHAR(36)  PRIMARY KEY,
    number              VARCHAR(100) NOT NULL,
    year                INTEGER      NOT NULL,
    seq_in_year         INTEGER      NOT NULL,
    title               VARCHAR(200) NOT NULL,
    subject_unit_id     VARCHAR(36)  NOT NULL,
    supervising_unit_id VARCHAR(36),
    jurisdiction        VARCHAR(6),
    event_kind          VARCHAR(30)  NOT NULL,
    event_at            BIGINT       NOT NULL,
    event_day           VARCHAR(10)  NOT NULL,
    deaths              INTEGER,
    serious_injuries    INTEGER,
    direct_loss_cny     VARCHAR(30),
    grade               VARCHAR(20),
    description         TEXT,
    investigators       TEXT         NOT NULL,
    status              VARCHAR(20)  NOT NULL,
    report_extension    INTEGER      NOT NULL,
    report_submitted    VARCHAR(10),
    reply_extension     INTEGER      NOT NULL,
    checklist           TEXT         NOT NULL,
    window_months       INTEGER      NOT NULL,
    opened_by           VARCHAR(64)  NOT NULL,
    opened_at           BIGINT       NOT NULL,
    closed_at           BIGINT
);
CREATE UNIQUE INDEX case_file_by_number ON case_file (year, seq_in_year);
CREATE INDEX case_file_by_unit ON case_file (subject_unit_id);

-- A person answering on a track, with the post held on the event day (from the person's position history).
CREATE TABLE case_party (
    id             VARCHAR(36)  PRIMARY KEY,
    case_id        VARCHAR(36)  NOT NULL,
    track          VARCHAR(20)  NOT NULL,
    person_id      VARCHAR(36)  NOT NULL,
    name           VARCHAR(200) NOT NULL,
    unit_id        VARCHAR(36),
    post           VARCHAR(200),
    responsibility VARCHAR(30)  NOT NULL,
    added_by       VARCHAR(64)  NOT NULL,
    added_at       BIGINT       NOT NULL
);
CREATE INDEX case_party_by_case ON case_party (case_id);

CREATE TABLE case_finding (
    id       VARCHAR(36) PRIMARY KEY,
    case_id  VARCHAR(36) NOT NULL,
    track    VARCHAR(20) NOT NULL,
    text     TEXT        NOT NULL,
    added_by VARCHAR(64) NOT NULL,
    added_at BIGINT      NOT NULL
);
CREATE INDEX case_finding_by_case ON case_finding (case_id);

-- One piece of evidence on one track of one case: proposed (by SYSTEM or a user), then confirmed
-- or rejected by a reviewer. A rejected proposal stays, with who rejected it and why.
CREATE TABLE evidence_link (
    id              VARCHAR(36)  PRIMARY KEY,
    case_id         VARCHAR(36)  NOT NULL,
    track           VARCHAR(20)  NOT NULL,
    evidence_type   VARCHAR(30)  NOT NULL,
    evidence_id     VARCHAR(36)  NOT NULL,
    role            VARCHAR(40)  NOT NULL,
    reason          TEXT         NOT NULL,
    aggravating     BOOLEAN      NOT NULL,
    proposed_by     VARCHAR(64)  NOT NULL,
    proposed_at     BIGINT       NOT NULL,
    state           VARCHAR(20)  NOT NULL,
    decided_by      VARCHAR(64),
    decided_at      BIGINT,
    decision_reason TEXT
);
CREATE UNIQUE INDEX evidence_link_once ON evidence_link (case_id, track, evidence_id);
CREATE INDEX evidence_link_by_evidence ON evidence_link (evidence_id);

-- An accountability action (问责) and its procedure; steps is the JSON list of every step taken.
CREATE TABLE accountability_action (
    id                 VARCHAR(36)  PRIMARY KEY,
    case_id            VARCHAR(36)  NOT NULL,
    track              VARCHAR(20)  NOT NULL,
    person_id          VARCHAR(36),
    target_unit_id     VARCHAR(36),
    category           VARCHAR(30)  NOT NULL,
    kind               VARCHAR(40)  NOT NULL,
    sub_kind           VARCHAR(40),
    state              VARCHAR(20)  NOT NULL,
    statement_deadline VARCHAR(10),
    statement_received BOOLEAN      NOT NULL,
    decided_on         VARCHAR(10),
    decision_known_on  VARCHAR(10),
    review_decision_on VARCHAR(10),
    influence_months   INTEGER,
    influence_ends     VARCHAR(10),
    exemption          TEXT,
    steps              TEXT         NOT NULL,
    proposed_by        VARCHAR(64)  NOT NULL,
    proposed_at        BIGINT       NOT NULL
);
CREATE INDEX accountability_action_by_case ON accountability_action (case_id);
CREATE INDEX accountability_action_by_target ON accountability_action (target_unit_id);

-- the level a hazard is listed for supervision at (挂牌督办), null when not listed: lists filter on it
ALTER TABLE record ADD COLUMN listed_level VARCHAR(20);

-- a confirmed evidence link is also a record (type evidence-link) that reaches the devices of the
-- case's investigators: it is seen by whoever has the case in scope, not by jurisdiction
ALTER TABLE record ADD COLUMN case_id VARCHAR(36);
