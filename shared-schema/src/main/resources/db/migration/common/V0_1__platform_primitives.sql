-- Platform primitives, created in the migrating service's own schema (Flyway's default schema).
-- Every service runs this file into its own schema and its own history table, so no service
-- ever reads or writes another service's objects.

-- Extensions are database-wide. Several services may migrate one database at the same moment,
-- and concurrent CREATE EXTENSION IF NOT EXISTS can still collide, so creation is serialised by
-- a transaction-scoped advisory lock (Flyway runs each PostgreSQL migration in a transaction).
-- Only extensions that managed offerings (RDS, Cloud SQL, Supabase) allow are used.
SELECT pg_advisory_xact_lock(hashtext('integrity-platform:extensions'));
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

-- ---------------------------------------------------------------------------------------------
-- Maintenance-job runs. One row per run; the partial unique index makes "two replicas run the
-- same job at once" impossible even if the advisory lock were bypassed.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ${flyway:defaultSchema}.job_run (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job           text        NOT NULL,
    trigger       text        NOT NULL CHECK (trigger IN ('schedule', 'admin')),
    instance      text        NOT NULL,
    started_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    outcome       text        NOT NULL DEFAULT 'running'
                              CHECK (outcome IN ('running', 'succeeded', 'failed', 'abandoned')),
    rows_affected bigint,
    detail        jsonb,
    error         text,
    CHECK ((outcome = 'running') = (finished_at IS NULL))
);
CREATE INDEX job_run_job_started_idx ON ${flyway:defaultSchema}.job_run (job, started_at DESC);
CREATE UNIQUE INDEX job_run_one_running_per_job ON ${flyway:defaultSchema}.job_run (job)
    WHERE outcome = 'running';

-- ---------------------------------------------------------------------------------------------
-- Partition upkeep for RANGE-partitioned tables (timestamptz keys, UTC period boundaries).
-- Only tables registered here can be extended, and only through these functions. They are
-- SECURITY DEFINER, so a runtime role that may not run DDL can still get a missing partition
-- created on demand, and nothing else.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE ${flyway:defaultSchema}.partitioned_table (
    parent_table text PRIMARY KEY,             -- schema-qualified, e.g. device.imu_data
    granularity  text NOT NULL CHECK (granularity IN ('day', 'month'))
);

-- Every partition of a parent with its bounds. Bounds are read from the catalog, so partitions
-- created by hand or by an older schema (any name, any range) are understood too.
CREATE FUNCTION ${flyway:defaultSchema}.partition_list(p_parent text)
    RETURNS TABLE (partition_name text, range_from timestamptz, range_to timestamptz, is_default boolean)
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
AS $$
    SELECT c.relname::text,
           (substring(b.bound FROM 'FROM \(''([^'']*)''\)'))::timestamptz,
           (substring(b.bound FROM 'TO \(''([^'']*)''\)'))::timestamptz,
           b.bound = 'DEFAULT'
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
      CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
     WHERE i.inhparent = p_parent::regclass
     ORDER BY 2 NULLS FIRST;
$$;

-- Creates the partition that holds p_at, unless one exists. Concurrent callers for the same
-- period serialise on an advisory lock; the loser finds the winner's partition and returns it.
-- Period bounds are UTC; a period that overlaps an existing partition is clamped to the gap.
CREATE FUNCTION ${flyway:defaultSchema}.partition_ensure(p_parent text, p_at timestamptz,
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
    created := true;
END;
$$;

-- Creates every missing partition from the current period through p_ahead periods ahead.
-- Returns the number created.
CREATE FUNCTION ${flyway:defaultSchema}.partition_premake(p_parent text, p_ahead integer)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
AS $$
DECLARE
    v_unit    text;
    v_created integer := 0;
    r         record;
BEGIN
    SELECT granularity INTO v_unit
      FROM ${flyway:defaultSchema}.partitioned_table WHERE parent_table = p_parent;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'table % is not registered for partition upkeep', p_parent
            USING ERRCODE = 'undefined_table';
    END IF;
    IF p_ahead < 0 THEN
        RAISE EXCEPTION 'premake horizon must not be negative' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR i IN 0 .. p_ahead LOOP
        SELECT * INTO r FROM ${flyway:defaultSchema}.partition_ensure(
            p_parent, date_trunc(v_unit, now()) + (i || ' ' || v_unit)::interval);
        IF r.created THEN
            v_created := v_created + 1;
        END IF;
    END LOOP;
    RETURN v_created;
END;
$$;

-- Retention: detaches or drops every partition that lies wholly before p_before. Whole
-- partitions only; rows are never deleted one by one.
CREATE FUNCTION ${flyway:defaultSchema}.partition_retire(p_parent text, p_before timestamptz, p_drop boolean)
    RETURNS TABLE (partition_name text, action text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
    SET lock_timeout = '10s'
AS $$
DECLARE
    v_schema text;
    v_table  text;
    r        record;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM ${flyway:defaultSchema}.partitioned_table WHERE parent_table = p_parent) THEN
        RAISE EXCEPTION 'table % is not registered for partition upkeep', p_parent
            USING ERRCODE = 'undefined_table';
    END IF;
    SELECT n.nspname, c.relname INTO v_schema, v_table
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.oid = p_parent::regclass;
    FOR r IN SELECT l.partition_name
               FROM ${flyway:defaultSchema}.partition_list(p_parent) l
              WHERE NOT l.is_default AND l.range_to IS NOT NULL AND l.range_to <= p_before
              ORDER BY l.range_to
    LOOP
        IF p_drop THEN
            EXECUTE format('DROP TABLE %I.%I', v_schema, r.partition_name);
            action := 'dropped';
        ELSE
            EXECUTE format('ALTER TABLE %I.%I DETACH PARTITION %I.%I', v_schema, v_table, v_schema, r.partition_name);
            action := 'detached';
        END IF;
        partition_name := r.partition_name;
        RETURN NEXT;
    END LOOP;
END;
$$;

-- Rows sitting in the parent's DEFAULT partition, if it has one. The platform never creates a
-- default partition; a non-zero answer means rows are stuck where retention cannot reach them.
CREATE FUNCTION ${flyway:defaultSchema}.partition_default_rows(p_parent text)
    RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_default oid;
    v_rows    bigint;
BEGIN
    SELECT partdefid INTO v_default FROM pg_partitioned_table WHERE partrelid = p_parent::regclass;
    IF v_default IS NULL OR v_default = 0 THEN
        RETURN 0;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', v_default::regclass) INTO v_rows;
    RETURN v_rows;
END;
$$;

-- SECURITY DEFINER functions are not for everyone: runtime roles get EXECUTE by grant.
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_ensure(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_premake(text, integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_retire(text, timestamptz, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_default_rows(text) FROM PUBLIC;
