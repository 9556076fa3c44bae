-- A partition is reached through its parent only. Row-level security (docs/security.md) is the
-- parent's: PostgreSQL applies a partitioned table's policies to queries through it, and checks
-- privileges on the parent alone, so the service's app role needs none on a partition, and holds
-- none: a query naming a partition directly is refused, instead of returning every user's rows.
-- partition_seal revokes whatever a partition was granted (the schema's default privileges give
-- every new table to the app role) from everyone but its owner; partition_ensure now seals every
-- partition it creates, and every existing partition is sealed below.

CREATE FUNCTION ${flyway:defaultSchema}.partition_seal(p_partition regclass) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_grantee oid;
BEGIN
    FOR v_grantee IN
        SELECT DISTINCT a.grantee
          FROM pg_class c, aclexplode(c.relacl) a
         WHERE c.oid = p_partition AND a.grantee <> c.relowner
    LOOP
        IF v_grantee = 0 THEN
            EXECUTE format('REVOKE ALL ON %s FROM PUBLIC', p_partition);
        ELSE
            EXECUTE format('REVOKE ALL ON %s FROM %I', p_partition, pg_get_userbyid(v_grantee));
        END IF;
    END LOOP;
END;
$$;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_seal(regclass) FROM PUBLIC;

CREATE OR REPLACE FUNCTION ${flyway:defaultSchema}.partition_ensure(p_parent text, p_at timestamptz,
                                                         OUT partition_name text, OUT created boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
    SET lock_timeout = '10s'
AS $$
DECLARE
    v_unit   text;
    v_schema text;
    v_table  text;
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
    partition_name := v_table || '_' || to_char(v_from, CASE v_unit WHEN 'day' THEN 'YYYY_MM_DD' ELSE 'YYYY_MM' END);
    IF to_regclass(format('%I.%I', v_schema, partition_name)) IS NOT NULL THEN
        -- A clamped range beside an older schema's partition of the same name: name it by its start.
        partition_name := v_table || '_' || to_char(v_from, 'YYYYMMDD"T"HH24MISS');
    END IF;
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                   v_schema, partition_name, v_schema, v_table, v_from, v_to);
    PERFORM ${flyway:defaultSchema}.partition_seal(format('%I.%I', v_schema, partition_name)::regclass);
    created := true;
END;
$$;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT i.inhrelid::regclass AS partition
               FROM ${flyway:defaultSchema}.partitioned_table t
               JOIN pg_inherits i ON i.inhparent = t.parent_table::regclass
    LOOP
        PERFORM ${flyway:defaultSchema}.partition_seal(r.partition);
    END LOOP;
END;
$$;
