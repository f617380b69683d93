-- Issue 13: the facts the legal rules of a case need.
-- case_file.facts: JSON of the accident's further facts (missing persons, acute poisoning, the
-- report times of 493号令 art 9, the sector for art 13's re-grading window, casualty changes,
-- the 批复 and its extension, marks of 迟报/漏报/谎报/瞒报, 事故性质, the supervising units with
-- their kind, the one-year evaluation of art 86(3) of 安全生产法); null for cases opened before.
ALTER TABLE case_file ADD COLUMN facts TEXT;
-- who decided an action ({"kind":"SUPERVISORY_ORGAN"|"APPOINTING_ORGAN"|"PARTY_ORGAN","name":...}):
-- the remedy route depends on it
ALTER TABLE accountability_action ADD COLUMN deciding_body TEXT;
ALTER TABLE accountability_action ADD COLUMN review_requested_on VARCHAR(10);
-- the persons a finding names (JSON array of ids): investigate-first is checked per person
ALTER TABLE case_finding ADD COLUMN person_ids TEXT;
