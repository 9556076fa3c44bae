-- The actor is real (docs/security.md). An inspection session's inspector_id is the token's
-- subject, and every event's actor the subject that moved it; subjects run to 255 characters, as
-- the platform accepts them, so the columns that hold them do too. A schedule records who made it.
-- The checks are widened without a long lock: added NOT VALID (every new row is checked at once),
-- then validated under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.
ALTER TABLE ${flyway:defaultSchema}.inspection_sessions
    DROP CONSTRAINT inspection_sessions_inspector_id_check,
    ADD CONSTRAINT inspection_sessions_inspector_id_check CHECK (length(inspector_id) BETWEEN 1 AND 255) NOT VALID;
ALTER TABLE ${flyway:defaultSchema}.inspection_sessions VALIDATE CONSTRAINT inspection_sessions_inspector_id_check;

ALTER TABLE ${flyway:defaultSchema}.inspection_schedules
    DROP CONSTRAINT inspection_schedules_assignee_id_check,
    ADD CONSTRAINT inspection_schedules_assignee_id_check CHECK (length(assignee_id) <= 255) NOT VALID;
ALTER TABLE ${flyway:defaultSchema}.inspection_schedules VALIDATE CONSTRAINT inspection_schedules_assignee_id_check;

ALTER TABLE ${flyway:defaultSchema}.inspection_schedules
    ADD COLUMN created_by text CHECK (length(created_by) <= 255);
