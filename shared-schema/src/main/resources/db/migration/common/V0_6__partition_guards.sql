-- The SECURITY DEFINER partition functions run DDL with the owner's rights for whoever may call
-- them: the app role. Until now they took any argument: partition_retire(..., 'infinity', true)
-- dropped every partition, partition_ensure made one for year 1, partition_premake(..., 100000)
-- ran for hours. Each keeps its name and signature but becomes a guard that refuses arguments
-- outside sane bounds (22023, invalid_parameter_value), then calls the mechanics, renamed
-- *_unguarded, which only the owner may run (R__runtime_role_grants withholds them).
--   partition_ensure:  a finite time, at most 25 years back and 1 year ahead
--   partition_premake: 0 to 400 periods ahead (and each period within ensure's bounds)
--   partition_retire, partition_retire_empty: a finite cutoff no later than the start of the
--   current period, so the period being written can never be retired.

ALTER FUNCTION ${flyway:defaultSchema}.partition_ensure(text, timestamptz) RENAME TO partition_ensure_unguarded;
ALTER FUNCTION ${flyway:defaultSchema}.partition_retire(text, timestamptz, boolean) RENAME TO partition_retire_unguarded;
ALTER FUNCTION ${flyway:defaultSchema}.partition_retire_empty(text, timestamptz, boolean) RENAME TO partition_retire_empty_unguarded;

-- Refuses what no caller may ask of a partition function; the message names the bound.
CREATE FUNCTION ${flyway:defaultSchema}.partition_guard(p_parent text, p_what text, p_at timestamptz)
    RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
AS $$
DECLARE
    v_unit text;
BEGIN
    SELECT granularity INTO v_unit
      FROM ${flyway:defaultSchema}.partitioned_table WHERE parent_table = p_parent;
    IF v_unit IS NULL THEN
        RAISE EXCEPTION 'table % is not registered for partition upkeep', p_parent
            USING ERRCODE = 'undefined_table';
    END IF;
    IF p_at IS NULL OR NOT isfinite(p_at) THEN
        RAISE EXCEPTION '%: the time must be finite, not %', p_what, coalesce(p_at::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_what = 'ensure' AND (p_at < now() - interval '25 years' OR p_at > now() + interval '1 year') THEN
        RAISE EXCEPTION 'ensure: % lies outside [now - 25 years, now + 1 year]', p_at
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_what = 'retire' AND p_at > date_trunc(v_unit, now()) THEN
        RAISE EXCEPTION 'retire: the cutoff % lies after the start of the current %', p_at, v_unit
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END;
$$;

CREATE FUNCTION ${flyway:defaultSchema}.partition_ensure(p_parent text, p_at timestamptz,
                                                         OUT partition_name text, OUT created boolean)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ${flyway:defaultSchema}.partition_guard(p_parent, 'ensure', p_at);
    SELECT e.partition_name, e.created INTO partition_name, created
      FROM ${flyway:defaultSchema}.partition_ensure_unguarded(p_parent, p_at) e;
END;
$$;

CREATE OR REPLACE FUNCTION ${flyway:defaultSchema}.partition_premake(p_parent text, p_ahead integer)
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
    IF p_ahead IS NULL OR p_ahead < 0 OR p_ahead > 400 THEN
        RAISE EXCEPTION 'premake: the horizon must be 0 to 400 periods, not %', coalesce(p_ahead::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
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

CREATE FUNCTION ${flyway:defaultSchema}.partition_retire(p_parent text, p_before timestamptz, p_drop boolean)
    RETURNS TABLE (partition_name text, action text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ${flyway:defaultSchema}.partition_guard(p_parent, 'retire', p_before);
    RETURN QUERY SELECT * FROM ${flyway:defaultSchema}.partition_retire_unguarded(p_parent, p_before, p_drop);
END;
$$;

CREATE FUNCTION ${flyway:defaultSchema}.partition_retire_empty(p_parent text, p_before timestamptz, p_drop boolean)
    RETURNS TABLE (partition_name text, action text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM ${flyway:defaultSchema}.partition_guard(p_parent, 'retire', p_before);
    RETURN QUERY SELECT * FROM ${flyway:defaultSchema}.partition_retire_empty_unguarded(p_parent, p_before, p_drop);
END;
$$;

REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_guard(text, text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_ensure(text, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_retire(text, timestamptz, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_retire_empty(text, timestamptz, boolean) FROM PUBLIC;
