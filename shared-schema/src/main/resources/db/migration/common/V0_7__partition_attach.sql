-- A lock budget for partition upkeep (issue 14). CREATE TABLE ... PARTITION OF locks the parent
-- ACCESS EXCLUSIVE: behind one long read of the parent (an export), it waited, and every other
-- writer of the table queued behind it (7 s of frozen ingestion, measured). A partition is now made
-- as a plain table and attached: ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on the parent, which
-- neither readers nor writers wait for (and, for the partition's foreign keys, SHARE ROW EXCLUSIVE
-- on the tables they reference, which only their writers do). The empty table carries a CHECK of
-- its bounds, so ATTACH validates nothing; the CHECK is dropped once attached.
-- No lock_timeout of its own any more: the caller (PartitionMaintenance) sets a short one for the
-- transaction, and retries with back-off.
CREATE OR REPLACE FUNCTION ${flyway:defaultSchema}.partition_ensure_unguarded(p_parent text, p_at timestamptz,
                                                                   OUT partition_name text, OUT created boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
AS $$
DECLARE
    v_unit   text;
    v_schema text;
    v_table  text;
    v_key    text;
    v_from   timestamptz;
    v_to     timestamptz;
    v_lo     timestamptz;
    v_hi     timestamptz;
BEGIN
    SELECT granularity INTO v_unit
      FROM ${flyway:defaultSchema}.partitioned_table WHERE parent_table = p_parent;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'table % is not registered for partition upkeep', p_parent
            USING ERRCODE = 'undefined_table';
    END IF;
    IF p_at IS NULL OR NOT isfinite(p_at) THEN
        RAISE EXCEPTION 'a partition key must be a finite timestamp' USING ERRCODE = 'invalid_datetime_format';
    END IF;

    SELECT l.partition_name INTO partition_name
      FROM ${flyway:defaultSchema}.partition_list(p_parent) l
     WHERE NOT l.is_default
       AND (l.range_from IS NULL OR l.range_from <= p_at)
       AND (l.range_to IS NULL OR l.range_to > p_at);
    IF FOUND THEN
        created := false;
        RETURN;
    END IF;

    v_from := date_trunc(v_unit, p_at);
    v_to := v_from + ('1 ' || v_unit)::interval;
    PERFORM pg_advisory_xact_lock(hashtext(p_parent), hashtext(v_from::text));

    -- Re-check under the lock: another caller may have created it while we waited.
    SELECT l.partition_name INTO partition_name
      FROM ${flyway:defaultSchema}.partition_list(p_parent) l
     WHERE NOT l.is_default
       AND (l.range_from IS NULL OR l.range_from <= p_at)
       AND (l.range_to IS NULL OR l.range_to > p_at);
    IF FOUND THEN
        created := false;
        RETURN;
    END IF;

    -- Clamp to the gap between neighbouring partitions of another shape (e.g. an old schema's).
    SELECT max(l.range_to) INTO v_lo
      FROM ${flyway:defaultSchema}.partition_list(p_parent) l
     WHERE NOT l.is_default AND l.range_to > v_from AND l.range_to <= p_at;
    SELECT min(l.range_from) INTO v_hi
      FROM ${flyway:defaultSchema}.partition_list(p_parent) l
     WHERE NOT l.is_default AND l.range_from < v_to AND l.range_from > p_at;
    v_from := greatest(v_from, v_lo);
    v_to := least(v_to, v_hi);

    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_parent::regclass;
    SELECT a.attname INTO v_key
      FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
     WHERE p.partrelid = p_parent::regclass;
    partition_name := v_table || '_' || to_char(v_from, CASE v_unit WHEN 'day' THEN 'YYYY_MM_DD' ELSE 'YYYY_MM' END);
    IF to_regclass(format('%I.%I', v_schema, partition_name)) IS NOT NULL THEN
        -- A clamped range beside an older schema's partition of the same name: name it by its start.
        partition_name := v_table || '_' || to_char(v_from, 'YYYYMMDD"T"HH24MISS');
    END IF;
    EXECUTE format('CREATE TABLE %I.%I (LIKE %I.%I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)',
                   v_schema, partition_name, v_schema, v_table);
    EXECUTE format('ALTER TABLE %I.%I ADD CONSTRAINT %I CHECK (%I >= %L AND %I < %L)',
                   v_schema, partition_name, partition_name || '_bounds', v_key, v_from, v_key, v_to);
    EXECUTE format('ALTER TABLE %I.%I ATTACH PARTITION %I.%I FOR VALUES FROM (%L) TO (%L)',
                   v_schema, v_table, v_schema, partition_name, v_from, v_to);
    EXECUTE format('ALTER TABLE %I.%I DROP CONSTRAINT %I', v_schema, partition_name, partition_name || '_bounds');
    PERFORM ${flyway:defaultSchema}.partition_seal(format('%I.%I', v_schema, partition_name)::regclass);
    created := true;
END;
$$;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_ensure_unguarded(text, timestamptz) FROM PUBLIC;

-- Retention, too, lets the caller set the lock budget. (With an owner session, PartitionMaintenance
-- detaches CONCURRENTLY instead of calling these; they remain for a service without one.)
ALTER FUNCTION ${flyway:defaultSchema}.partition_retire_unguarded(text, timestamptz, boolean) RESET lock_timeout;
ALTER FUNCTION ${flyway:defaultSchema}.partition_retire_empty_unguarded(text, timestamptz, boolean) RESET lock_timeout;
