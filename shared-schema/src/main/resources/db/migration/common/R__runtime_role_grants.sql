-- Least privilege. A service connects at runtime as its own role (platform.db.app-role), which may
-- read and write the rows of this service's schemas and nothing else: no DDL, no other service's
-- schemas. Migrations run as the schemas' owner (quarkus.flyway.username), a different role.
-- Objects the owner creates later (partitions, made by the SECURITY DEFINER partition functions)
-- get the same grants by default. With no app role configured (one role for everything, as with
-- a PostgreSQL of your own for a quick try), this does nothing.
DO $grants$
DECLARE
    v_role   text := '${app_role}';
    v_schema text;
BEGIN
    IF v_role = '' THEN
        RETURN;
    END IF;
    FOREACH v_schema IN ARRAY string_to_array(replace('${app_schemas}', ' ', ''), ',') LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', v_schema, v_role);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', v_schema, v_role);
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', v_schema, v_role);
        EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA %I TO %I', v_schema, v_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', v_schema, v_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', v_schema, v_role);
    END LOOP;
END
$grants$;
