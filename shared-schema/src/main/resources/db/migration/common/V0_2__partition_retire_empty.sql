-- Retention for tables whose old partitions may still hold live rows (chat conversations of a
-- session that is still kept): retire only the partitions that are wholly older than the cutoff
-- AND empty. Rows leave through their owner's retention (a session delete that cascades); the
-- emptied partition is then dropped or detached whole.
CREATE FUNCTION ${flyway:defaultSchema}.partition_retire_empty(p_parent text, p_before timestamptz, p_drop boolean)
    RETURNS TABLE (partition_name text, action text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET "TimeZone" = 'UTC'
    SET lock_timeout = '10s'
AS $$
DECLARE
    v_schema text;
    v_table  text;
    v_rows   boolean;
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
        -- Locked first, so no row can arrive between "it is empty" and the drop.
        EXECUTE format('LOCK TABLE %I.%I IN ACCESS EXCLUSIVE MODE', v_schema, r.partition_name);
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', v_schema, r.partition_name) INTO v_rows;
        CONTINUE WHEN v_rows;
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

REVOKE ALL ON FUNCTION ${flyway:defaultSchema}.partition_retire_empty(text, timestamptz, boolean) FROM PUBLIC;
