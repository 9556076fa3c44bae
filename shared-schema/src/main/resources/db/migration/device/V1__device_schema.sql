-- device-service (seed 000): people, their gait sensors, and the sensors' IMU samples.
--
-- The seed stored samples under a row of its users table keyed by the device's name, so the first
-- sample of a new device failed with FK 23503; its first fix used ON CONFLICT on a column without
-- a unique constraint and failed with 42P10. Here a device is its own row, keyed by its own id, and
-- every ON CONFLICT names a real unique key: devices' primary key, imu_data's (device_id, ts).

CREATE TABLE ${flyway:defaultSchema}.users (
    user_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email      text                 CHECK (length(email) <= 320),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- One person per address, whatever its case.
CREATE UNIQUE INDEX users_email_key ON ${flyway:defaultSchema}.users (lower(email));

-- What gait figures are read against. One row per user, removed with the user.
CREATE TABLE ${flyway:defaultSchema}.user_health_info (
    user_id    bigint PRIMARY KEY REFERENCES ${flyway:defaultSchema}.users (user_id) ON DELETE CASCADE,
    height_cm  numeric(4, 1) CHECK (height_cm BETWEEN 30 AND 300),
    weight_kg  numeric(4, 1) CHECK (weight_kg BETWEEN 1 AND 500),
    birth_year integer       CHECK (birth_year BETWEEN 1900 AND 2200),
    sex        text          CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    notes      text          CHECK (length(notes) <= 4000),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ${flyway:defaultSchema}.devices (
    device_id        text PRIMARY KEY CHECK (device_id ~ '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$'),
    user_id          bigint REFERENCES ${flyway:defaultSchema}.users (user_id) ON DELETE SET NULL,
    name             text CHECK (length(name) <= 200),
    status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'retired')),
    api_key_hash     text CHECK (api_key_hash ~ '^[0-9a-f]{64}$'),   -- SHA-256 of the key; the key itself is never stored
    settings         jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    firmware         text CHECK (length(firmware) <= 100),
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz,
    auto_provisioned boolean     NOT NULL DEFAULT false
);
CREATE INDEX devices_user_id_idx ON ${flyway:defaultSchema}.devices (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX devices_status_idx ON ${flyway:defaultSchema}.devices (status);

-- One row per sample, one partition per UTC day. (device_id, ts) is unique, so a re-sent sample
-- is recognised as a duplicate (ON CONFLICT DO NOTHING) and never stored twice. The primary key's
-- index also serves every per-device, time-ordered read. Devices are retired, never deleted, so the
-- foreign key keeps the default NO ACTION.
CREATE TABLE ${flyway:defaultSchema}.imu_data (
    device_id text             NOT NULL REFERENCES ${flyway:defaultSchema}.devices (device_id),
    ts        timestamptz      NOT NULL,
    acc_x     double precision NOT NULL,
    acc_y     double precision NOT NULL,
    acc_z     double precision NOT NULL,
    gyro_x    double precision NOT NULL,
    gyro_y    double precision NOT NULL,
    gyro_z    double precision NOT NULL,
    mag_x     double precision,
    mag_y     double precision,
    mag_z     double precision,
    PRIMARY KEY (device_id, ts)
) PARTITION BY RANGE (ts);

INSERT INTO ${flyway:defaultSchema}.partitioned_table (parent_table, granularity)
VALUES ('${flyway:defaultSchema}.imu_data', 'day');

-- Today's and the next week's partitions exist from the first start; the premake job keeps the
-- horizon, and anything outside it is created on demand.
SELECT ${flyway:defaultSchema}.partition_premake('${flyway:defaultSchema}.imu_data', 7);
