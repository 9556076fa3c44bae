-- Dedup runs and pipeline jobs, like job_run (common V0_5): a failure is a problem type and an
-- error id, never exception text; and the pipeline's views no longer name the pod that ran a job.
ALTER TABLE ${flyway:defaultSchema}.dedup_runs
    ADD COLUMN error_type text CHECK (error_type ~ '^[a-z0-9-]{1,60}$'),
    ADD COLUMN error_id   uuid;
UPDATE ${flyway:defaultSchema}.dedup_runs SET error_type = 'internal' WHERE error IS NOT NULL;
ALTER TABLE ${flyway:defaultSchema}.dedup_runs DROP COLUMN error;

ALTER TABLE ${flyway:defaultSchema}.pipeline_jobs
    ADD COLUMN error_type text CHECK (error_type ~ '^[a-z0-9-]{1,60}$'),
    ADD COLUMN error_id   uuid;
UPDATE ${flyway:defaultSchema}.pipeline_jobs
   SET error_type = CASE WHEN error LIKE 'abandoned by %' THEN 'abandoned' ELSE 'internal' END
 WHERE error IS NOT NULL;
ALTER TABLE ${flyway:defaultSchema}.pipeline_jobs DROP COLUMN error;
