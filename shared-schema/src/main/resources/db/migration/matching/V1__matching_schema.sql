-- job-matching-service (seed 003): crawled job postings and cover-letter samples, the recommender's
-- links between them, and the audit of every deduplication.
--
-- The seed's duplicate remover deleted a cover letter that job_recommendations still referenced
-- (NO ACTION), and failed with ForeignKeyViolation. Here a duplicate is never deleted: its
-- references are re-pointed to the row kept, then it is soft-deleted with merged_into. A genuine
-- (hard) delete cascades, as the seed's fix asked.

-- The normalised URL: lower-cased scheme and host, no fragment, no tracking parameters, the
-- remaining parameters sorted, no trailing slash. IMMUTABLE, so the database derives it itself.
CREATE FUNCTION ${flyway:defaultSchema}.normalize_url(p_url text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog
AS $$
    WITH parts AS (
        SELECT lower(substring(u FROM '^([A-Za-z][A-Za-z0-9+.-]*)://'))                      AS scheme,
               lower(regexp_replace(substring(u FROM '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)'),
                                    ':(80|443)$', ''))                                          AS host,
               coalesce(substring(u FROM '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)'), '')     AS path,
               substring(u FROM '\?([^#]*)')                                                    AS query
          FROM (SELECT btrim(p_url) AS u) s
    ), kept AS (
        SELECT string_agg(param, '&' ORDER BY param) AS query
          FROM parts, unnest(string_to_array(parts.query, '&')) AS param
         WHERE param <> ''
           AND param !~* '^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|ref|ref_src|source|trk|trackingid)(=|$)'
    )
    SELECT parts.scheme || '://' || parts.host || rtrim(parts.path, '/')
           || coalesce('?' || kept.query, '')
      FROM parts, kept
$$;

-- Text as compared: whitespace collapsed, case folded.
CREATE FUNCTION ${flyway:defaultSchema}.normalize_text(p_content text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog
AS $$
    SELECT lower(btrim(regexp_replace(p_content, '\s+', ' ', 'g')))
$$;

-- The content fingerprint: the normalised text, hashed. Equal fingerprints are exact duplicates.
CREATE FUNCTION ${flyway:defaultSchema}.content_fingerprint(p_content text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog
AS $$
    SELECT md5(${flyway:defaultSchema}.normalize_text(p_content))
$$;

-- The opening and the closing of the normalised text, hashed. Two texts that are near duplicates
-- (a few words edited) almost always keep one of the two intact; only such pairs, inside a block,
-- are compared by trigram similarity, which costs about 0.2 ms for a 1,500-character letter.
CREATE FUNCTION ${flyway:defaultSchema}.head_hash(p_content text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog
AS $$
    SELECT md5(left(${flyway:defaultSchema}.normalize_text(p_content), 200))
$$;

CREATE FUNCTION ${flyway:defaultSchema}.tail_hash(p_content text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    SET search_path = pg_catalog
AS $$
    SELECT md5(right(${flyway:defaultSchema}.normalize_text(p_content), 200))
$$;

-- A company or position as a blocking key: case and spacing do not matter.
CREATE FUNCTION ${flyway:defaultSchema}.block_key(p_text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT coalesce(lower(btrim(regexp_replace(p_text, '\s+', ' ', 'g'))), '')
$$;

CREATE TABLE ${flyway:defaultSchema}.job_postings (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             text        NOT NULL CHECK (length(url) <= 2048),
    title           text        NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
    company         text                 CHECK (length(company) <= 300),
    description     text        NOT NULL CHECK (length(description) BETWEEN 1 AND 100000),
    location        text                 CHECK (length(location) <= 300),
    posted_at       timestamptz,
    crawled_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    url_normalized  text GENERATED ALWAYS AS (${flyway:defaultSchema}.normalize_url(url)) STORED,
    fingerprint     text GENERATED ALWAYS AS (${flyway:defaultSchema}.content_fingerprint(title || ' ' || description)) STORED,
    head_hash       text GENERATED ALWAYS AS (${flyway:defaultSchema}.head_hash(description)) STORED,
    tail_hash       text GENERATED ALWAYS AS (${flyway:defaultSchema}.tail_hash(description)) STORED,
    company_key     text GENERATED ALWAYS AS (${flyway:defaultSchema}.block_key(company)) STORED,
    title_key       text GENERATED ALWAYS AS (${flyway:defaultSchema}.block_key(title)) STORED,
    search_vector   tsvector GENERATED ALWAYS AS (
                        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', description), 'B')) STORED,
    deleted_at      timestamptz,
    merged_into     bigint REFERENCES ${flyway:defaultSchema}.job_postings (id) ON DELETE SET NULL,
    CHECK (merged_into IS NULL OR deleted_at IS NOT NULL),
    CHECK (merged_into <> id)
);

CREATE TABLE ${flyway:defaultSchema}.cover_letter_samples (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url             text        NOT NULL CHECK (length(url) <= 2048),
    title           text                 CHECK (length(title) <= 500),
    company         text                 CHECK (length(company) <= 300),
    position        text                 CHECK (length(position) <= 300),
    content         text        NOT NULL CHECK (length(content) BETWEEN 1 AND 100000),
    crawled_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    recommended_at  timestamptz,
    url_normalized  text GENERATED ALWAYS AS (${flyway:defaultSchema}.normalize_url(url)) STORED,
    fingerprint     text GENERATED ALWAYS AS (${flyway:defaultSchema}.content_fingerprint(content)) STORED,
    head_hash       text GENERATED ALWAYS AS (${flyway:defaultSchema}.head_hash(content)) STORED,
    tail_hash       text GENERATED ALWAYS AS (${flyway:defaultSchema}.tail_hash(content)) STORED,
    company_key     text GENERATED ALWAYS AS (${flyway:defaultSchema}.block_key(company)) STORED,
    position_key    text GENERATED ALWAYS AS (${flyway:defaultSchema}.block_key(position)) STORED,
    deleted_at      timestamptz,
    merged_into     bigint REFERENCES ${flyway:defaultSchema}.cover_letter_samples (id) ON DELETE SET NULL,
    CHECK (merged_into IS NULL OR deleted_at IS NOT NULL),
    CHECK (merged_into <> id)
);

-- Duplicate detection looks only at live rows, within blocks.
CREATE INDEX job_postings_url_live ON ${flyway:defaultSchema}.job_postings (url_normalized) WHERE deleted_at IS NULL;
CREATE INDEX job_postings_fingerprint_live ON ${flyway:defaultSchema}.job_postings (fingerprint) WHERE deleted_at IS NULL;
CREATE INDEX job_postings_block_head_live ON ${flyway:defaultSchema}.job_postings (company_key, title_key, head_hash) WHERE deleted_at IS NULL;
CREATE INDEX job_postings_block_tail_live ON ${flyway:defaultSchema}.job_postings (company_key, title_key, tail_hash) WHERE deleted_at IS NULL;
CREATE INDEX job_postings_search ON ${flyway:defaultSchema}.job_postings USING gin (search_vector) WHERE deleted_at IS NULL;
CREATE INDEX job_postings_title_trgm ON ${flyway:defaultSchema}.job_postings USING gin (title public.gin_trgm_ops) WHERE deleted_at IS NULL;
CREATE INDEX cover_letters_url_live ON ${flyway:defaultSchema}.cover_letter_samples (url_normalized) WHERE deleted_at IS NULL;
CREATE INDEX cover_letters_fingerprint_live ON ${flyway:defaultSchema}.cover_letter_samples (fingerprint) WHERE deleted_at IS NULL;
CREATE INDEX cover_letters_block_head_live ON ${flyway:defaultSchema}.cover_letter_samples (company_key, position_key, head_hash) WHERE deleted_at IS NULL;
CREATE INDEX cover_letters_block_tail_live ON ${flyway:defaultSchema}.cover_letter_samples (company_key, position_key, tail_hash) WHERE deleted_at IS NULL;
CREATE INDEX cover_letters_changed ON ${flyway:defaultSchema}.cover_letter_samples (updated_at) WHERE deleted_at IS NULL;

-- The seed's fix, from the start: both references cascade on a genuine delete.
CREATE TABLE ${flyway:defaultSchema}.job_recommendations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resume_id  bigint           NOT NULL REFERENCES ${flyway:defaultSchema}.cover_letter_samples (id) ON DELETE CASCADE,
    job_id     bigint           NOT NULL REFERENCES ${flyway:defaultSchema}.job_postings (id) ON DELETE CASCADE,
    score      double precision NOT NULL CHECK (score >= 0),
    created_at timestamptz      NOT NULL DEFAULT now(),
    updated_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT job_recommendations_resume_job_key UNIQUE (resume_id, job_id)
);
CREATE INDEX job_recommendations_job ON ${flyway:defaultSchema}.job_recommendations (job_id);

CREATE TABLE ${flyway:defaultSchema}.user_interactions (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           bigint      NOT NULL CHECK (user_id > 0),
    recommendation_id bigint      NOT NULL REFERENCES ${flyway:defaultSchema}.job_recommendations (id) ON DELETE CASCADE,
    action            text        NOT NULL CHECK (action IN ('view', 'click', 'save', 'apply')),
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_interactions_recommendation ON ${flyway:defaultSchema}.user_interactions (recommendation_id);

-- The audit of deduplication: every run, and every merge in it.
CREATE TABLE ${flyway:defaultSchema}.dedup_runs (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target                      text        NOT NULL CHECK (target IN ('cover-letters', 'postings', 'all')),
    dry_run                     boolean     NOT NULL,
    trigger                     text        NOT NULL,
    started_at                  timestamptz NOT NULL DEFAULT now(),
    finished_at                 timestamptz,
    status                      text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    groups                      integer     NOT NULL DEFAULT 0,
    duplicates_found            integer     NOT NULL DEFAULT 0,
    merged                      integer     NOT NULL DEFAULT 0,
    recommendations_repointed   integer     NOT NULL DEFAULT 0,
    recommendations_collapsed   integer     NOT NULL DEFAULT 0,
    interactions_repointed      integer     NOT NULL DEFAULT 0,
    candidates_proposed         integer     NOT NULL DEFAULT 0,
    detection_ms                bigint      NOT NULL DEFAULT 0,
    merge_ms                    bigint      NOT NULL DEFAULT 0,
    error                       text
);

CREATE TABLE ${flyway:defaultSchema}.dedup_merges (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id                    bigint      REFERENCES ${flyway:defaultSchema}.dedup_runs (id) ON DELETE CASCADE,
    target                    text        NOT NULL CHECK (target IN ('cover-letters', 'postings')),
    from_id                   bigint      NOT NULL,
    into_id                   bigint      NOT NULL,
    reason                    text        NOT NULL CHECK (reason IN ('url', 'fingerprint', 'similarity', 'review')),
    recommendations_moved     integer     NOT NULL DEFAULT 0,
    recommendations_collapsed integer     NOT NULL DEFAULT 0,
    interactions_moved        integer     NOT NULL DEFAULT 0,
    merged_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dedup_merges_run ON ${flyway:defaultSchema}.dedup_merges (run_id);
CREATE INDEX dedup_merges_day ON ${flyway:defaultSchema}.dedup_merges (merged_at);

-- Pairs for a person to decide. One row per pair, ever: a dismissed pair is never proposed again.
CREATE TABLE ${flyway:defaultSchema}.dedup_candidates (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    target      text             NOT NULL CHECK (target IN ('cover-letters', 'postings')),
    left_id     bigint           NOT NULL,
    right_id    bigint           NOT NULL,
    similarity  double precision NOT NULL,
    status      text             NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'merged', 'dismissed', 'obsolete')),
    proposed_at timestamptz      NOT NULL DEFAULT now(),
    decided_at  timestamptz,
    CHECK (left_id < right_id),
    CONSTRAINT dedup_candidates_pair_key UNIQUE (target, left_id, right_id)
);
CREATE INDEX dedup_candidates_pending ON ${flyway:defaultSchema}.dedup_candidates (proposed_at) WHERE status = 'pending';

-- The batch pipeline (the seed's Airflow DAG and in-memory job queue), as rows that any number of
-- workers claim with FOR UPDATE SKIP LOCKED.
CREATE TABLE ${flyway:defaultSchema}.pipeline_jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type         text        NOT NULL CHECK (type IN ('DEDUP', 'RECOMMEND', 'FULL_PIPELINE')),
    status       text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    attempts     integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    started_at   timestamptz,
    heartbeat_at timestamptz,
    finished_at  timestamptz,
    claimed_by   text,
    result       jsonb,
    error        text,
    CHECK (status <> 'running' OR (heartbeat_at IS NOT NULL AND finished_at IS NULL))
);
CREATE INDEX pipeline_jobs_queued ON ${flyway:defaultSchema}.pipeline_jobs (id) WHERE status = 'queued';
CREATE INDEX pipeline_jobs_running ON ${flyway:defaultSchema}.pipeline_jobs (heartbeat_at) WHERE status = 'running';
