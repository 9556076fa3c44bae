-- Who is calling. Every connection a service takes from its pool carries the caller
-- (CallerContextInterceptor): platform.caller, the token's subject ('admin-token' for the operators'
-- admin token, 'job:<name>' for a maintenance job), and platform.caller_roles, the contract's roles
-- it holds, comma-separated (docs/security.md). Row-level security policies and audit columns read
-- them through these two functions. A connection that was told nothing is nobody, with no roles.
--
-- Both are single expressions, STABLE, with no SET clause, so PostgreSQL inlines them into the
-- statement that calls them: a policy costs an expression evaluated once per statement, not a
-- function call planned again at every execution. Every name in them is qualified with pg_catalog,
-- so no search_path can put another function in their place.

CREATE FUNCTION ${flyway:defaultSchema}.caller() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT nullif(pg_catalog.current_setting('platform.caller', true), '')
$$;

-- Whether the caller holds any of p_roles.
CREATE FUNCTION ${flyway:defaultSchema}.caller_has(p_roles text[]) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT coalesce(pg_catalog.string_to_array(nullif(pg_catalog.current_setting('platform.caller_roles', true), ''), ',')
                    OPERATOR(pg_catalog.&&) p_roles, false)
$$;

-- Who asked for a job run: the admin's subject, or nobody for a scheduled run.
ALTER TABLE ${flyway:defaultSchema}.job_run ADD COLUMN requested_by text CHECK (length(requested_by) <= 255);
