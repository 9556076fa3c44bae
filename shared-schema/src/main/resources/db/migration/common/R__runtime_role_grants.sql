-- Least privilege. A service connects at runtime as its own role (platform.db.app-role), which may
-- read and write the rows of this service's schemas and nothing else: no DDL, no other service's
-- schemas. Migrations run as the schemas' owner (quarkus.flyway.username), a different role.
-- Objects the owner creates later get the same grants by default. Two kinds of table are withheld
-- (docs/security.md): a partition, which is reached through its parent only, so the parent's
-- row-level security always applies (partition_seal revokes what default privileges give a new
-- one); and a materialized view, which cannot carry row-level security (a job reads it through a
-- SECURITY DEFINER function). The bookkeeping is the owner's alone: Flyway's history and the
-- partition registry (an app role that could delete a registry row made every later write that
-- needs a partition fail). EXECUTE is granted function by function, never to PUBLIC: the app role
-- gets every function of its schemas but the mechanics behind a guard (*_unguarded), the guard's
-- helpers and partition_seal (a migration that adds a function of that kind revokes it from PUBLIC
-- itself, as every one here does, until this script next runs). With no app role configured (one role for everything, as with a
-- PostgreSQL of your own for a quick try), this does nothing.
DO $grants$
DECLARE
    v_role   text := '${app_role}';
    v_schema text;
    v_table  record;
    v_fn     record;
BEGIN
    IF v_role IN ('', 'none') THEN  -- none: no platform.db.app-role (a name PostgreSQL reserves)
        RETURN;
    END IF;
    FOREACH v_schema IN ARRAY string_to_array(replace('${app_schemas}', ' ', ''), ',') LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', v_schema, v_role);
        FOR v_table IN SELECT c.relname, c.relkind, c.relispartition
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = v_schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        LOOP
            IF v_table.relispartition OR v_table.relkind = 'm' THEN
                EXECUTE format('REVOKE ALL ON %I.%I FROM %I', v_schema, v_table.relname, v_role);
            ELSE
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', v_schema, v_table.relname, v_role);
            END IF;
        END LOOP;
        FOR v_table IN SELECT c.relname
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = v_schema AND c.relname IN ('flyway_schema_history', 'partitioned_table')
        LOOP
            EXECUTE format('REVOKE ALL ON %I.%I FROM %I', v_schema, v_table.relname, v_role);
        END LOOP;
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', v_schema, v_role);
        EXECUTE format('REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA %I FROM PUBLIC', v_schema);
        FOR v_fn IN SELECT p.oid::regprocedure AS fn, p.proname
                      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = v_schema AND p.prokind IN ('f', 'p')
        LOOP
            IF v_fn.proname LIKE '%\_unguarded' OR v_fn.proname IN ('partition_guard', 'partition_seal') THEN
                EXECUTE format('REVOKE ALL ON FUNCTION %s FROM %I', v_fn.fn, v_role);
            ELSE
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', v_fn.fn, v_role);
            END IF;
        END LOOP;
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', v_schema, v_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', v_schema, v_role);
    END LOOP;
END
$grants$;
