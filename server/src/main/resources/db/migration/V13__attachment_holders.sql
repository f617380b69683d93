-- Who has proved to hold an attachment's bytes: a user whose own upload of the content completed
-- and hashed right (issue 12). Such a user may name the file in a record before any record names
-- it (a device uploads a photo, then pushes the record); anyone else reaches a file only through
-- a record in their scope that names it in an attachment field.
CREATE TABLE attachment_holder (
    sha256    VARCHAR(64)  NOT NULL,
    user_name VARCHAR(200) NOT NULL,
    held_at   BIGINT       NOT NULL,
    PRIMARY KEY (sha256, user_name)
);
