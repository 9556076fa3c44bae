-- The two rules seed 004 was about, made the database's: at most one open (active or paused)
-- session per AED, and no two live schedules of an AED less than 30 minutes apart. A database
-- that already breaks them (the seed's had 52 duplicate sessions) is first resolved by the same
-- functions the cleanup endpoint and the weekly job call: nothing is deleted, the losers are
-- cancelled with reason 'duplicate', and every cancelled session is recorded as an event.
--
-- Rollback (keeps every row): the seed's
--   DROP INDEX IF EXISTS ${flyway:defaultSchema}.idx_inspection_sessions_active_session_per_equipment;
--   ALTER TABLE ${flyway:defaultSchema}.inspection_schedules DROP CONSTRAINT IF EXISTS inspection_schedules_no_overlap;
-- and delete this version's row from the service's Flyway history.

-- Open sessions that break "one per AED": per AED, the session with the most recent activity
-- stays (then the latest start, then the highest id); the others are reported and, with p_apply,
-- cancelled. Returns what it did (or would do).
CREATE OR REPLACE FUNCTION ${flyway:defaultSchema}.resolve_duplicate_sessions(p_apply boolean, p_actor text)
    RETURNS TABLE (session_id uuid, equipment_serial text, previous_status text, kept_session_id uuid)
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
#variable_conflict use_column
BEGIN
    IF p_apply THEN
        -- Two resolvers at once would each cancel, and record, the same losers.
        PERFORM pg_advisory_xact_lock(hashtext('${flyway:defaultSchema}.resolve_duplicate_sessions'));
    END IF;
    RETURN QUERY
    WITH ranked AS (
        SELECT s.id, s.equipment_serial, s.status,
               first_value(s.id) OVER (PARTITION BY s.equipment_serial
                                       ORDER BY s.last_activity_at DESC, s.started_at DESC, s.id DESC) AS keeper
          FROM ${flyway:defaultSchema}.inspection_sessions s
         WHERE s.status IN ('active', 'paused')
    ), losers AS (
        SELECT * FROM ranked WHERE id <> keeper
    ), cancelled AS (
        UPDATE ${flyway:defaultSchema}.inspection_sessions t
           SET status = 'cancelled', cancelled_at = now(), cancellation_reason = 'duplicate'
          FROM losers l
         WHERE p_apply AND t.id = l.id
        RETURNING t.id
    ), recorded AS (
        INSERT INTO ${flyway:defaultSchema}.inspection_session_events (session_id, from_status, to_status, reason, actor)
        SELECT l.id, l.status, 'cancelled', 'duplicate', p_actor FROM losers l WHERE p_apply
    )
    SELECT l.id, l.equipment_serial, l.status, l.keeper FROM losers l ORDER BY l.equipment_serial, l.id;
END
$$;

-- Live schedules that break the 30-minute rule: per AED, in order of creation, a schedule stays
-- unless its window overlaps one that stays before it ("all but the earliest-created"). The
-- others are reported and, with p_apply, cancelled with reason 'duplicate'.
CREATE OR REPLACE FUNCTION ${flyway:defaultSchema}.resolve_overlapping_schedules(p_apply boolean)
    RETURNS TABLE (schedule_id bigint, aed_data_id bigint, scheduled_for timestamptz, kept_schedule_id bigint)
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
#variable_conflict use_column
DECLARE
    r          record;
    v_keeper   bigint;
    v_cancel   bigint[] := '{}';
BEGIN
    IF p_apply THEN
        PERFORM pg_advisory_xact_lock(hashtext('${flyway:defaultSchema}.resolve_overlapping_schedules'));
    END IF;
    FOR r IN
        SELECT s.id, s.aed_data_id, s.scheduled_for, s.window_start, s.window_end, s.created_at
          FROM ${flyway:defaultSchema}.inspection_schedules s
         WHERE s.status <> 'cancelled'
           AND EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.inspection_schedules o
                        WHERE o.aed_data_id = s.aed_data_id AND o.id <> s.id AND o.status <> 'cancelled'
                          AND o.window_start < s.window_end AND s.window_start < o.window_end)
         ORDER BY s.aed_data_id, s.created_at, s.id
    LOOP
        SELECT k.id INTO v_keeper
          FROM ${flyway:defaultSchema}.inspection_schedules k
         WHERE k.aed_data_id = r.aed_data_id AND k.id <> r.id AND k.status <> 'cancelled'
           AND k.id <> ALL (v_cancel)
           AND (k.created_at, k.id) < (r.created_at, r.id)
           AND k.window_start < r.window_end AND r.window_start < k.window_end
         ORDER BY k.created_at, k.id
         LIMIT 1;
        IF FOUND THEN
            v_cancel := v_cancel || r.id;
            schedule_id := r.id;
            aed_data_id := r.aed_data_id;
            scheduled_for := r.scheduled_for;
            kept_schedule_id := v_keeper;
            RETURN NEXT;
        END IF;
    END LOOP;
    IF p_apply AND cardinality(v_cancel) > 0 THEN
        UPDATE ${flyway:defaultSchema}.inspection_schedules t
           SET status = 'cancelled', cancelled_at = now(), cancellation_reason = 'duplicate'
         WHERE t.id = ANY (v_cancel);
    END IF;
END
$$;

SELECT count(*) FROM ${flyway:defaultSchema}.resolve_duplicate_sessions(true, 'migration');
SELECT count(*) FROM ${flyway:defaultSchema}.resolve_overlapping_schedules(true);

-- The seed's index, under the seed's name: the database decides every race for an AED.
CREATE UNIQUE INDEX idx_inspection_sessions_active_session_per_equipment
    ON ${flyway:defaultSchema}.inspection_sessions (equipment_serial)
    WHERE status IN ('active', 'paused');

-- What the seed said only the application could do: two live windows of one AED never overlap.
-- (btree_gist gives GiST the bigint equality; the range is built from the stored bounds.)
ALTER TABLE ${flyway:defaultSchema}.inspection_schedules
    ADD CONSTRAINT inspection_schedules_no_overlap
    EXCLUDE USING gist (aed_data_id WITH =, tstzrange(window_start, window_end, '[)') WITH &&)
    WHERE (status <> 'cancelled');
