-- Each replica's in-process scheduler fires every cron schedule (issue 18). The advisory lock kept
-- two replicas from running a job at the same moment, but not one after the other: a job that
-- takes a few milliseconds finished on one replica before the other replica's scheduler, firing for
-- the same minute a little later, tried the lock, and so ran it again. A scheduled run now records
-- the fire time it ran for, and this index lets one run a job per fire time, on whichever replica
-- came first. Runs an operator or a CronJob asks for carry no fire time and are not limited by it.
ALTER TABLE ${flyway:defaultSchema}.job_run
    ADD COLUMN scheduled_for timestamptz,
    ADD CONSTRAINT job_run_scheduled_for_only_when_scheduled CHECK (scheduled_for IS NULL OR trigger = 'schedule');

CREATE UNIQUE INDEX job_run_once_per_schedule ON ${flyway:defaultSchema}.job_run (job, scheduled_for)
    WHERE scheduled_for IS NOT NULL;
