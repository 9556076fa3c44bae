-- Identity and access (docs/security.md). A device-service user may be a signed-in person: their
-- token's subject, unique, links them to their row. The first request of a new subject provisions
-- it with INSERT ... ON CONFLICT (subject), so concurrent first requests leave one row and none fails.
ALTER TABLE ${flyway:defaultSchema}.users
    ADD COLUMN subject text CHECK (length(subject) BETWEEN 1 AND 255);
CREATE UNIQUE INDEX users_subject_key ON ${flyway:defaultSchema}.users (subject);

-- A signed-in user sees and changes only their own row and health info; device-operator, the
-- operators (platform-admin) and the service's jobs see all. Row-level security binds the service's
-- app role; the owner (migrations, an operator's psql) is not bound. Devices and their samples have
-- no policy: sensors, which carry a device key rather than a token, are admitted by the service, and
-- PostgreSQL refuses COPY into a table under row-level security (docs/security.md).
ALTER TABLE ${flyway:defaultSchema}.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_own ON ${flyway:defaultSchema}.users
    USING ((SELECT ${flyway:defaultSchema}.caller_has('{device-operator,platform-admin,platform-job}'))
           OR subject = (SELECT ${flyway:defaultSchema}.caller()))
    WITH CHECK ((SELECT ${flyway:defaultSchema}.caller_has('{device-operator,platform-admin,platform-job}'))
                OR subject = (SELECT ${flyway:defaultSchema}.caller()));

ALTER TABLE ${flyway:defaultSchema}.user_health_info ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_health_info_own ON ${flyway:defaultSchema}.user_health_info
    USING ((SELECT ${flyway:defaultSchema}.caller_has('{device-operator,platform-admin,platform-job}'))
           OR user_id = (SELECT u.user_id FROM ${flyway:defaultSchema}.users u WHERE u.subject = (SELECT ${flyway:defaultSchema}.caller())))
    WITH CHECK ((SELECT ${flyway:defaultSchema}.caller_has('{device-operator,platform-admin,platform-job}'))
                OR user_id = (SELECT u.user_id FROM ${flyway:defaultSchema}.users u WHERE u.subject = (SELECT ${flyway:defaultSchema}.caller())));
