-- A failed run keeps a problem type and an error id, never the exception's text: that text held
-- SQL, row values and host names, and the admin API showed it. The text is in the log, under the id.
-- Records from before keep only their kind: 'abandoned' or 'internal'.
ALTER TABLE ${flyway:defaultSchema}.job_run
    ADD COLUMN error_type text CHECK (error_type ~ '^[a-z0-9-]{1,60}$'),
    ADD COLUMN error_id   uuid;

UPDATE ${flyway:defaultSchema}.job_run
   SET error_type = CASE WHEN outcome = 'abandoned' THEN 'abandoned' ELSE 'internal' END
 WHERE error IS NOT NULL;

ALTER TABLE ${flyway:defaultSchema}.job_run DROP COLUMN error;
