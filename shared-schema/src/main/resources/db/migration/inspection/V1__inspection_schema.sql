-- inspection-service (seed 004): AEDs, inspection sessions and inspection schedules, in schema
-- ${flyway:defaultSchema}. The rules that need no upgrade of old data are here; the two that an old
-- database may already break (one open session per AED, no schedules within 30 minutes) come in
-- V2, after its duplicates are resolved.

CREATE TABLE ${flyway:defaultSchema}.aed_data (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    equipment_serial text        NOT NULL CHECK (length(equipment_serial) BETWEEN 1 AND 100),
    location         text                 CHECK (length(location) <= 500),
    model            text                 CHECK (length(model) <= 200),
    installed_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT aed_data_equipment_serial_key UNIQUE (equipment_serial)
);

CREATE TABLE ${flyway:defaultSchema}.inspection_sessions (
    id                  uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    equipment_serial    text        NOT NULL REFERENCES ${flyway:defaultSchema}.aed_data (equipment_serial) ON UPDATE CASCADE,
    inspector_id        text        NOT NULL CHECK (length(inspector_id) BETWEEN 1 AND 100),
    status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'completed', 'cancelled')),
    started_at          timestamptz NOT NULL DEFAULT now(),
    paused_at           timestamptz,
    resumed_at          timestamptz,
    completed_at        timestamptz,
    cancelled_at        timestamptz,
    last_activity_at    timestamptz NOT NULL DEFAULT now(),
    cancellation_reason text                 CHECK (length(cancellation_reason) <= 500),
    result              jsonb,
    CONSTRAINT inspection_sessions_completed_has_time CHECK (status <> 'completed' OR completed_at IS NOT NULL),
    CONSTRAINT inspection_sessions_cancelled_has_reason
        CHECK (status <> 'cancelled' OR (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL))
);
CREATE INDEX inspection_sessions_by_equipment ON ${flyway:defaultSchema}.inspection_sessions (equipment_serial, started_at DESC);
-- The abandoned-session job reads open sessions by idleness.
CREATE INDEX inspection_sessions_open_by_activity ON ${flyway:defaultSchema}.inspection_sessions (last_activity_at)
    WHERE status IN ('active', 'paused');

-- Every move of a session, by the API or by a job: from, to, why, who.
CREATE TABLE ${flyway:defaultSchema}.inspection_session_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  uuid        NOT NULL REFERENCES ${flyway:defaultSchema}.inspection_sessions (id) ON DELETE CASCADE,
    from_status text,
    to_status   text        NOT NULL,
    reason      text,
    actor       text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inspection_session_events_by_session ON ${flyway:defaultSchema}.inspection_session_events (session_id, id);

-- A schedule's window is [scheduled_for - 15 min, scheduled_for + 15 min): two windows of one AED
-- overlap exactly when their times are less than 30 minutes apart, and 30 minutes apart they only
-- touch. `timestamptz - interval` is not IMMUTABLE (for day and month units it depends on the time
-- zone), so the bounds cannot be generated columns or index expressions: a trigger writes them and
-- two checks (timestamptz - timestamptz is immutable) pin them to scheduled_for.
CREATE TABLE ${flyway:defaultSchema}.inspection_schedules (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aed_data_id         bigint      NOT NULL REFERENCES ${flyway:defaultSchema}.aed_data (id),
    scheduled_for       timestamptz NOT NULL,
    assignee_id         text                 CHECK (length(assignee_id) <= 100),
    status              text        NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled')),
    window_start        timestamptz NOT NULL,
    window_end          timestamptz NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT clock_timestamp(),
    completed_at        timestamptz,
    cancelled_at        timestamptz,
    cancellation_reason text                 CHECK (length(cancellation_reason) <= 500),
    CONSTRAINT inspection_schedules_window_start CHECK (scheduled_for - window_start = interval '15 minutes'),
    CONSTRAINT inspection_schedules_window_end CHECK (window_end - scheduled_for = interval '15 minutes')
);

CREATE FUNCTION ${flyway:defaultSchema}.inspection_schedule_window() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    NEW.window_start := NEW.scheduled_for - interval '15 minutes';
    NEW.window_end := NEW.scheduled_for + interval '15 minutes';
    RETURN NEW;
END
$$;

CREATE TRIGGER inspection_schedules_window
    BEFORE INSERT OR UPDATE OF scheduled_for ON ${flyway:defaultSchema}.inspection_schedules
    FOR EACH ROW EXECUTE FUNCTION ${flyway:defaultSchema}.inspection_schedule_window();

-- The seed's schedule indexes, under the seed's names. DATE(timestamptz) is not immutable: the
-- date is taken in an explicit zone, Asia/Seoul (where the AEDs are), so the index means the same
-- on every server whatever its TimeZone.
CREATE INDEX idx_inspection_schedules_equipment_date
    ON ${flyway:defaultSchema}.inspection_schedules (aed_data_id, ((scheduled_for AT TIME ZONE 'Asia/Seoul')::date));
CREATE INDEX idx_inspection_schedules_active
    ON ${flyway:defaultSchema}.inspection_schedules (aed_data_id, scheduled_for)
    WHERE status NOT IN ('cancelled');
