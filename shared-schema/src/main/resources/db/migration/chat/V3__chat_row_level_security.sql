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
-- deletes a session's rows in every table whoever may delete the session.
--
-- The policies are written for the hot path, where the chatbot's backend appends thousands of rows
-- a second: one policy per command (so no expression is repeated), each a role test and an owner
-- test that are both subqueries, evaluated once per statement and only when needed (the backend's
-- role test decides, the owner test never runs). The owner test is a SECURITY DEFINER function, so
-- finding the caller's own user does not drag the users table's policies into every plan.

-- The id of the chat user the caller's subject is linked to; null for anyone else.
CREATE FUNCTION chatbot.caller_user_id() RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT u.id FROM chatbot.users u WHERE u.subject = chatbot.caller());
END
$$;

DO $$
DECLARE
    t record;
    readers constant text := $r$(SELECT chatbot.caller_has('{chat-backend,chat-analyst,platform-admin,platform-job}'))$r$;
    writers constant text := $w$(SELECT chatbot.caller_has('{chat-backend,platform-admin,platform-job}'))$w$;
    own_user constant text := $o$user_id = (SELECT chatbot.caller_user_id())$o$;
    may_read text;
    may_write text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
                 ('chatbot', 'users', 'subject = (SELECT chatbot.caller())'),
                 ('chatbot', 'session_master', own_user),
                 ('chatbot', 'conversations', own_user),
                 ('ml_features', 'user_interactions', own_user),
                 ('analytics', 'recommendations_log', own_user),
                 ('analytics', 'user_feedback', own_user))
             AS v (schema_name, table_name, own_rows)
    LOOP
        may_read := readers || ' OR ' || t.own_rows;
        may_write := writers || ' OR ' || t.own_rows;
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', t.schema_name, t.table_name);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR SELECT USING (%s)',
                       t.table_name || '_read', t.schema_name, t.table_name, may_read);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR INSERT WITH CHECK (%s)',
                       t.table_name || '_insert', t.schema_name, t.table_name, may_write);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR UPDATE USING (%s) WITH CHECK (%s)',
                       t.table_name || '_update', t.schema_name, t.table_name, may_write, may_write);
        EXECUTE format('CREATE POLICY %I ON %I.%I FOR DELETE USING (%s)',
                       t.table_name || '_delete', t.schema_name, t.table_name, may_write);
    END LOOP;
END;
$$;
REVOKE ALL ON FUNCTION chatbot.caller_user_id() FROM PUBLIC;

-- Searching text under row-level security would lose the trigram index: PostgreSQL evaluates a
-- policy before any qual that is not leakproof, and ILIKE is not, so the index could not serve it.
-- The search runs here instead, as the schema's owner, with the same rule as the policies written
-- into its one query: it is the only query this function runs, so no caller's condition can be
-- evaluated ahead of the rule, and the trigram index serves it again.
CREATE FUNCTION chatbot.search_conversations(p_pattern text, p_user bigint, p_from timestamptz, p_to timestamptz,
                                             p_limit integer, p_offset bigint)
    RETURNS TABLE (id bigint, session_id uuid, user_id bigint, conversation_time timestamptz, input_text text, response_text text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT c.id, c.session_id, c.user_id, c.conversation_time, c.input_text, c.response_text
      FROM chatbot.conversations c
     WHERE (coalesce(c.input_text, '') || ' ' || coalesce(c.response_text, '')) ILIKE p_pattern ESCAPE '\'
       AND c.conversation_time >= p_from AND c.conversation_time < p_to
       AND (p_user IS NULL OR c.user_id = p_user)
       AND (chatbot.caller_has('{chat-backend,chat-analyst,platform-admin,platform-job}') OR c.user_id = chatbot.caller_user_id())
     ORDER BY c.conversation_time DESC, c.id DESC
     LIMIT p_limit OFFSET p_offset;
END
$$;
REVOKE ALL ON FUNCTION chatbot.search_conversations(text, bigint, timestamptz, timestamptz, integer, bigint) FROM PUBLIC;

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
