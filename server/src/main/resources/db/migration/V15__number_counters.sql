-- Server-assigned numbers (case numbers, document numbers) come from one counter row per kind and
-- year. Taking the next number updates the row, which holds its lock to the end of the transaction:
-- two cases opened at once on PostgreSQL wait for each other instead of both computing MAX()+1 and
-- one of them failing on the unique index (issue 17: 11 of 30 concurrent openings answered 500).
-- Lock order: a counter is taken before the audit chain's head (see Numbering).
CREATE TABLE number_counter (
    kind       VARCHAR(40) NOT NULL,
    year       INTEGER     NOT NULL,
    last_value INTEGER     NOT NULL,
    PRIMARY KEY (kind, year)
);

INSERT INTO number_counter (kind, year, last_value)
    SELECT 'case', year, MAX(seq_in_year) FROM case_file GROUP BY year;
