-- chat-session-service (seeds 001, 002): session_master, and every session-scoped table referencing
-- it with ON DELETE CASCADE, the monthly-partitioned conversations included.
--
-- This migration builds a new database, and also upgrades in place a database built on the old
-- schema of seed 001 section 8.2 (partitioned conversations with session ids, no session_master):
-- tables that may exist are created IF NOT EXISTS and completed column by column, session_master is
-- backfilled from every session id already stored, and the foreign keys are added NOT VALID here,
-- so this transaction holds its strong locks only briefly. V2 validates them without blocking
-- writes. (The chat service adopts a schema without Flyway history as version 0: see
-- docs/chat-session-service.md, "Upgrading a database built on the old schema".)

CREATE TABLE IF NOT EXISTS chatbot.users (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      text                 CHECK (length(email) <= 320),
    created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE chatbot.users
    ADD COLUMN IF NOT EXISTS name text,
    ADD COLUMN IF NOT EXISTS email text,
    ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();

-- The centre: not partitioned, so every session-scoped table can reference it.
CREATE TABLE chatbot.session_master (
    session_id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id               bigint REFERENCES chatbot.users (id) ON DELETE CASCADE,
    session_start         timestamptz NOT NULL DEFAULT now(),
    session_end           timestamptz,
    is_active             boolean     NOT NULL DEFAULT true,
    session_type          varchar(50) NOT NULL DEFAULT 'chat'
                                      CHECK (session_type IN ('chat', 'voice', 'api', 'test', 'admin')),
    session_metadata      jsonb CHECK (jsonb_typeof(session_metadata) = 'object'),
    ip_address            inet,
    user_agent            text CHECK (length(user_agent) <= 1000),
    last_activity_at      timestamptz NOT NULL DEFAULT now(),
    -- The span of the session's conversations, kept in the same transaction as every insert, so a
    -- history read can name the partitions it needs (and no others).
    first_conversation_at timestamptz,
    last_conversation_at  timestamptz,
    CONSTRAINT session_master_end_matches_active CHECK (is_active = (session_end IS NULL)),
    CONSTRAINT session_master_conversation_span CHECK (first_conversation_at <= last_conversation_at)
)
-- Every write in a session updates its row (activity, conversation span). None of those columns
-- is indexed and each page keeps room, so the update is HOT: no index is touched, no page moves.
WITH (fillfactor = 70);
CREATE INDEX idx_session_master_user ON chatbot.session_master (user_id);
CREATE INDEX idx_session_master_active ON chatbot.session_master (is_active) WHERE is_active;
CREATE INDEX idx_session_master_start ON chatbot.session_master (session_start DESC);
CREATE INDEX idx_session_master_ended ON chatbot.session_master (session_end) WHERE NOT is_active;

CREATE TABLE IF NOT EXISTS chatbot.conversations (
    id                bigint GENERATED ALWAYS AS IDENTITY,
    session_id        uuid        NOT NULL,
    user_id           bigint,
    conversation_time timestamptz NOT NULL,
    input_text        text,
    response_text     text,
    PRIMARY KEY (id, conversation_time)
) PARTITION BY RANGE (conversation_time);
ALTER TABLE chatbot.conversations
    ADD COLUMN IF NOT EXISTS user_id bigint,
    ADD COLUMN IF NOT EXISTS input_text text,
    ADD COLUMN IF NOT EXISTS response_text text;

INSERT INTO chatbot.partitioned_table (parent_table, granularity) VALUES ('chatbot.conversations', 'month');
SELECT chatbot.partition_premake('chatbot.conversations', 3);

-- The seed's indexes, with the session index extended by time: it serves the history read, in
-- order, inside the one partition that holds it, and the cascade from session_master.
CREATE INDEX IF NOT EXISTS idx_conversations_session ON chatbot.conversations (session_id, conversation_time);
CREATE INDEX IF NOT EXISTS idx_conversations_user_time ON chatbot.conversations (user_id, conversation_time DESC);
-- Searching conversation text: trigram GIN, so ILIKE '%...%' is an index scan. fastupdate is off:
-- with it, every insert queues on the index's one pending list, and the insert that overflows it
-- merges the whole list while the rest wait (measured: appends stalled for seconds at 1,000/s).
CREATE INDEX IF NOT EXISTS idx_conversations_text_trgm ON chatbot.conversations
    USING gin ((coalesce(input_text, '') || ' ' || coalesce(response_text, '')) public.gin_trgm_ops)
    WITH (fastupdate = off);

CREATE TABLE IF NOT EXISTS ml_features.user_interactions (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id       uuid        NOT NULL,
    user_id          bigint,
    interaction_type varchar(50) NOT NULL,
    interaction_data jsonb,
    created_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE ml_features.user_interactions
    ADD COLUMN IF NOT EXISTS user_id bigint,
    ADD COLUMN IF NOT EXISTS interaction_data jsonb,
    ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS idx_user_interactions_session ON ml_features.user_interactions (session_id);

CREATE TABLE IF NOT EXISTS analytics.recommendations_log (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id           uuid        NOT NULL,
    user_id              bigint,
    shop_id              bigint,
    recommendations      jsonb       NOT NULL,
    recommendation_count integer     NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE analytics.recommendations_log
    ADD COLUMN IF NOT EXISTS user_id bigint,
    ADD COLUMN IF NOT EXISTS shop_id bigint,
    ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS idx_recommendations_log_session ON analytics.recommendations_log (session_id);

CREATE TABLE IF NOT EXISTS analytics.user_feedback (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id           uuid        NOT NULL,
    user_id              bigint,
    feedback_type        varchar(50) NOT NULL,
    feedback_target_type varchar(50),
    feedback_target_id   varchar(100),
    rating               smallint CHECK (rating BETWEEN 1 AND 5),
    comment              text CHECK (length(comment) <= 4000),
    created_at           timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE analytics.user_feedback
    ADD COLUMN IF NOT EXISTS user_id bigint,
    ADD COLUMN IF NOT EXISTS comment text,
    ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS idx_user_feedback_session ON analytics.user_feedback (session_id);

-- Backfill (seed 001 section 8.2, extended): one session_master row for every session id stored
-- anywhere, not only in conversations, so that every foreign key below can be validated and no
-- row is lost. A session's user is the one of its earliest row; its start, its earliest row.
INSERT INTO chatbot.session_master (session_id, user_id, session_start, last_activity_at,
                                    first_conversation_at, last_conversation_at)
SELECT s.session_id,
       (array_agg(u.id ORDER BY s.at) FILTER (WHERE u.id IS NOT NULL))[1],
       min(s.at), max(s.at),
       min(s.at) FILTER (WHERE s.conversation), max(s.at) FILTER (WHERE s.conversation)
  FROM (SELECT session_id, user_id, conversation_time AS at, true AS conversation FROM chatbot.conversations
        UNION ALL SELECT session_id, user_id, created_at, false FROM ml_features.user_interactions
        UNION ALL SELECT session_id, user_id, created_at, false FROM analytics.recommendations_log
        UNION ALL SELECT session_id, user_id, created_at, false FROM analytics.user_feedback) s
  LEFT JOIN chatbot.users u ON u.id = s.user_id
 WHERE s.session_id IS NOT NULL
 GROUP BY s.session_id;

-- The cascades. NOT VALID: new rows are checked at once, existing rows by V2.
ALTER TABLE ml_features.user_interactions
    ADD CONSTRAINT user_interactions_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES chatbot.session_master (session_id) ON DELETE CASCADE NOT VALID;
ALTER TABLE analytics.recommendations_log
    ADD CONSTRAINT recommendations_log_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES chatbot.session_master (session_id) ON DELETE CASCADE NOT VALID,
    -- recommendation_count is derived from the list, and the database holds it to that.
    ADD CONSTRAINT recommendations_log_count_matches
        CHECK (jsonb_typeof(recommendations) = 'array' AND recommendation_count = jsonb_array_length(recommendations)) NOT VALID;
ALTER TABLE analytics.user_feedback
    ADD CONSTRAINT user_feedback_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES chatbot.session_master (session_id) ON DELETE CASCADE NOT VALID;

-- PostgreSQL 15-17 cannot add a NOT VALID foreign key to a partitioned table, so each existing
-- partition gets its own; V2 validates them and then adds the parent's key, which adopts them
-- without scanning again. Partitions created later inherit the parent's key.
DO $$
DECLARE
    p record;
BEGIN
    FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
              WHERE i.inhparent = 'chatbot.conversations'::regclass
    LOOP
        EXECUTE format('ALTER TABLE chatbot.%I ADD CONSTRAINT %I FOREIGN KEY (session_id) '
                       'REFERENCES chatbot.session_master (session_id) ON DELETE CASCADE NOT VALID',
                       p.relname, p.relname || '_session_id_fkey');
    END LOOP;
END;
$$;

-- recent_conversations (seed 001 section 7.1), refreshed daily. Its unique index lets the refresh
-- run CONCURRENTLY, so readers are never blocked.
CREATE MATERIALIZED VIEW chatbot.recent_conversations AS
SELECT c.id, c.conversation_time, c.session_id, c.user_id, c.input_text, c.response_text
  FROM chatbot.conversations c
 WHERE c.conversation_time >= now() - interval '7 days'
WITH DATA;
CREATE UNIQUE INDEX recent_conversations_key ON chatbot.recent_conversations (id, conversation_time);
CREATE INDEX recent_conversations_user_time ON chatbot.recent_conversations (user_id, conversation_time DESC);

-- Refreshing needs the view's owner; the runtime role gets EXECUTE on this and nothing more.
CREATE FUNCTION chatbot.refresh_recent_conversations() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    REFRESH MATERIALIZED VIEW CONCURRENTLY chatbot.recent_conversations;
$$;
REVOKE ALL ON FUNCTION chatbot.refresh_recent_conversations() FROM PUBLIC;
