-- Two partitioned tables that exercise the shared partition primitives, one per granularity.
CREATE TABLE ${flyway:defaultSchema}.daily_events (
    id      bigint GENERATED ALWAYS AS IDENTITY,
    at      timestamptz NOT NULL,
    payload text,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

CREATE TABLE ${flyway:defaultSchema}.monthly_events (
    id      bigint GENERATED ALWAYS AS IDENTITY,
    at      timestamptz NOT NULL,
    PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

INSERT INTO ${flyway:defaultSchema}.partitioned_table (parent_table, granularity) VALUES
    ('${flyway:defaultSchema}.daily_events', 'day'),
    ('${flyway:defaultSchema}.monthly_events', 'month');

-- A table a test job writes to, to prove a failed job's work is rolled back.
CREATE TABLE ${flyway:defaultSchema}.job_effects (
    id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    note text NOT NULL
);
