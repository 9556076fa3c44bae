-- A database as seed 001 section 8.2 describes it before session_master: conversations
-- partitioned by month (bounds written in Korea's time zone, as that team did), session ids in
-- every table, and no foreign key to any session.
SET TimeZone = 'Asia/Seoul';
-- The schemas and the extensions are the administrator's (docs/deploy.md), made before this runs.

CREATE TABLE chatbot.users (
    id         serial PRIMARY KEY,
    name       varchar(100),
    email      varchar(255),
    created_at timestamptz DEFAULT now()
);
INSERT INTO chatbot.users (name, email) VALUES ('kim', 'kim@example.kr'), ('lee', 'lee@example.kr'), ('park', NULL);

CREATE TABLE chatbot.conversations (
    id                bigint GENERATED ALWAYS AS IDENTITY,
    session_id        uuid        NOT NULL,
    user_id           int REFERENCES chatbot.users (id),
    conversation_time timestamptz NOT NULL,
    input_text        text,
    response_text     text,
    PRIMARY KEY (id, conversation_time)
) PARTITION BY RANGE (conversation_time);
CREATE TABLE chatbot.conversations_2024_08 PARTITION OF chatbot.conversations FOR VALUES FROM ('2024-08-01') TO ('2024-09-01');
CREATE TABLE chatbot.conversations_2024_09 PARTITION OF chatbot.conversations FOR VALUES FROM ('2024-09-01') TO ('2024-10-01');
CREATE TABLE chatbot.conversations_2024_10 PARTITION OF chatbot.conversations FOR VALUES FROM ('2024-10-01') TO ('2024-11-01');
CREATE TABLE chatbot.conversations_2024_11 PARTITION OF chatbot.conversations FOR VALUES FROM ('2024-11-01') TO ('2024-12-01');
CREATE INDEX idx_conversations_session ON chatbot.conversations (session_id);

CREATE TABLE ml_features.user_interactions (
    id               serial PRIMARY KEY,
    session_id       uuid,
    user_id          int,
    interaction_type varchar(50),
    created_at       timestamptz DEFAULT now()
);
CREATE TABLE analytics.recommendations_log (
    id                   serial PRIMARY KEY,
    session_id           uuid,
    user_id              int,
    shop_id              int,
    recommendations      jsonb,
    recommendation_count int,
    created_at           timestamptz DEFAULT now()
);
CREATE TABLE analytics.user_feedback (
    id                   serial PRIMARY KEY,
    session_id           uuid,
    user_id              int,
    feedback_type        varchar(50),
    feedback_target_type varchar(50),
    feedback_target_id   varchar(100),
    rating               int,
    comment              text,
    created_at           timestamptz DEFAULT now()
);

-- Sessions: A (kim, August), B (lee, September into October: two partitions), C (kim, November),
-- D (no user), E (only ever in user_interactions), F (only ever in recommendations_log).
INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
SELECT 'aaaaaaaa-0000-0000-0000-000000000001', 1, timestamptz '2024-08-10 10:00' + g * interval '1 minute', 'a' || g, 'ra' || g
  FROM generate_series(1, 6) g;
INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
SELECT 'bbbbbbbb-0000-0000-0000-000000000002', 2, timestamptz '2024-09-30 23:57' + g * interval '1 minute', 'b' || g, 'rb' || g
  FROM generate_series(1, 6) g;
INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
SELECT 'cccccccc-0000-0000-0000-000000000003', 1, timestamptz '2024-11-20 08:00' + g * interval '1 minute', 'c' || g, 'rc' || g
  FROM generate_series(1, 5) g;
INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
SELECT 'dddddddd-0000-0000-0000-000000000004', NULL, timestamptz '2024-10-02 12:00' + g * interval '1 minute', 'd' || g, 'rd' || g
  FROM generate_series(1, 3) g;

INSERT INTO ml_features.user_interactions (session_id, user_id, interaction_type, created_at) VALUES
    ('aaaaaaaa-0000-0000-0000-000000000001', 1, 'text_input', '2024-08-10 10:02'),
    ('aaaaaaaa-0000-0000-0000-000000000001', 1, 'click', '2024-08-10 10:03'),
    ('bbbbbbbb-0000-0000-0000-000000000002', 2, 'text_input', '2024-10-01 00:01'),
    ('eeeeeeee-0000-0000-0000-000000000005', 3, 'voice_input', '2024-11-02 09:00'),
    ('eeeeeeee-0000-0000-0000-000000000005', 3, 'text_input', '2024-11-02 09:05');
INSERT INTO analytics.recommendations_log (session_id, user_id, shop_id, recommendations, recommendation_count, created_at) VALUES
    ('aaaaaaaa-0000-0000-0000-000000000001', 1, 7, '[{"shop_id": 7}, {"shop_id": 8}]', 2, '2024-08-10 10:04'),
    ('ffffffff-0000-0000-0000-000000000006', 2, 9, '[{"shop_id": 9}]', 1, '2024-11-03 18:00'),
    ('ffffffff-0000-0000-0000-000000000006', 2, 9, '[{"shop_id": 9}, {"shop_id": 10}]', 5, '2024-11-03 18:01');
INSERT INTO analytics.user_feedback (session_id, user_id, feedback_type, feedback_target_type, feedback_target_id, rating, created_at) VALUES
    ('bbbbbbbb-0000-0000-0000-000000000002', 2, 'rating', 'shop', '7', 4, '2024-10-01 00:02'),
    ('bbbbbbbb-0000-0000-0000-000000000002', 2, 'rating', 'shop', '8', 2, '2024-10-01 00:03');
