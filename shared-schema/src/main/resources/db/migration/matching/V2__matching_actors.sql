-- The actor is real (docs/security.md): who asked for each dedup run (a merge row names its run, so
-- every merge is answered for), who decided each review candidate, and who queued or re-queued each
-- pipeline job. A token's subject, or job:<name> for scheduled work.
ALTER TABLE ${flyway:defaultSchema}.dedup_runs
    ADD COLUMN requested_by text CHECK (length(requested_by) <= 255);
ALTER TABLE ${flyway:defaultSchema}.dedup_candidates
    ADD COLUMN decided_by text CHECK (length(decided_by) <= 255);
ALTER TABLE ${flyway:defaultSchema}.pipeline_jobs
    ADD COLUMN requested_by text CHECK (length(requested_by) <= 255);
