-- Identity and access (docs/security.md). A chat user may be a signed-in person: their token's
-- subject, unique, links them to their row; the first request of a new subject provisions it with
-- INSERT ... ON CONFLICT (subject), so concurrent first requests leave one row and none fails.
ALTER TABLE chatbot.users ADD COLUMN subject text CHECK (length(subject) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX users_subject_key ON chatbot.users (subject);

-- One user's chat rows are invisible to another, decided by PostgreSQL. The service tells every
-- connection who is calling (platform.caller, platform.caller_roles; chatbot.caller() and
-- chatbot.caller_has()), and these policies hold its app role to it:
--   reads:  chat-backend (acts for any user), chat-analyst, platform-admin and the service's jobs see
--           every row; anyone else only the rows of the user whose subject they are;
--   writes: chat-backend, platform-admin and the jobs write any row; anyone else only their own.
-- The owner role (migrations, an operator's psql) is not bound; a cascade from session_master
-- deletes a session's rows in every table whoever may delete the session. Each caller function is
-- wrapped in a subquery, so it is evaluated once per statement, not once per row.

CREATE FUNCTION chatbot.caller_user_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT u.id FROM chatbot.users u WHERE u.subject = chatbot.caller()
$$;

DO $$
DECLARE
    t record;
    readers constant text := $r$(SELECT chatbot.caller_has('{chat-backend,chat-analyst,platform-admin,platform-job}'))$r$;
    writers constant text := $w$(SELECT chatbot.caller_has('{chat-backend,platform-admin,platform-job}'))$w$;
    own text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
                 ('chatbot', 'users', 'subject = (SELECT chatbot.caller())'),
                 ('chatbot', 'session_master', 'user_id = (SELECT chatbot.caller_user_id())'),
                 ('chatbot', 'conversations', 'user_id = (SELECT chatbot.caller_user_id())'),
                 ('ml_features', 'user_interactions', 'user_id = (SELECT chatbot.caller_user_id())'),
                 ('analytics', 'recommendations_log', 'user_id = (SELECT chatbot.caller_user_id())'),
                 ('analytics', 'user_feedback', 'user_id = (SELECT chatbot.caller_user_id())'))
             AS v (schema_name, table_name, own_rows)
    LOOP
        own := t.own_rows;
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', t.schema_name, t.table_name);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR SELECT USING (%s OR %s)',
                       t.table_name || '_read', t.schema_name, t.table_name, readers, own);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR ALL USING (%s OR %s) WITH CHECK (%s OR %s)',
                       t.table_name || '_write', t.schema_name, t.table_name, writers, own, writers, own);
    END LOOP;
END;
$$;

-- A materialized view cannot carry row-level security, so the app role may not read
-- recent_conversations (R__runtime_role_grants withholds it); its refresh job learns the count here.
DROP FUNCTION chatbot.refresh_recent_conversations();
CREATE FUNCTION chatbot.refresh_recent_conversations() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY chatbot.recent_conversations;
    RETURN (SELECT count(*) FROM chatbot.recent_conversations);
END
$$;
REVOKE ALL ON FUNCTION chatbot.refresh_recent_conversations() FROM PUBLIC;
