package dev.integrity.inspection;

import dev.integrity.platform.testing.PostgresServer;
import dev.integrity.platform.testing.ServiceRoles;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A database like the seed's before its fix: the inspection schema at V1 (no partial unique
 * index, no exclusion constraint) holding duplicate open sessions and overlapping schedules,
 * written by raw SQL. The service then starts and migrates it past V2.
 */
public class DuplicatesBeforeConstraintsResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public Map<String, String> start() {
        PostgresServer server = PostgresServer.shared();
        database = server.createDatabase("duplicates");
        ServiceRoles roles = ServiceRoles.of("inspection-service");
        try (Connection c = server.connect(database)) {
            roles.create(c, database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not set up the roles", e);
        }
        Flyway.configure()
                .dataSource(server.jdbcUrl(database), roles.owner(), roles.password())
                .locations("classpath:db/migration/common", "classpath:db/migration/inspection")
                .schemas("aedpics").defaultSchema("aedpics").createSchemas(true)
                .placeholders(Map.of("app_role", roles.app(), "app_schemas", "aedpics"))
                .target("1")
                .load().migrate();
        try (Connection c = server.connect(database); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO aedpics.aed_data (equipment_serial, location) VALUES
                        ('DUP-1', 'city hall'), ('DUP-2', 'library'), ('OK-3', 'stadium');
                    -- DUP-1: three open sessions; the most recently active one (b) must stay.
                    INSERT INTO aedpics.inspection_sessions (id, equipment_serial, inspector_id, status, last_activity_at) VALUES
                        ('00000000-0000-0000-0000-00000000000a', 'DUP-1', 'kim', 'active', now() - interval '3 hours'),
                        ('00000000-0000-0000-0000-00000000000b', 'DUP-1', 'lee', 'paused', now() - interval '10 minutes'),
                        ('00000000-0000-0000-0000-00000000000c', 'DUP-1', 'park', 'active', now() - interval '1 hour');
                    -- DUP-2: two open sessions (e stays) and a completed one, which is no duplicate.
                    INSERT INTO aedpics.inspection_sessions (id, equipment_serial, inspector_id, status, last_activity_at) VALUES
                        ('00000000-0000-0000-0000-00000000000d', 'DUP-2', 'kim', 'active', now() - interval '2 days'),
                        ('00000000-0000-0000-0000-00000000000e', 'DUP-2', 'lee', 'active', now() - interval '1 day');
                    INSERT INTO aedpics.inspection_sessions (id, equipment_serial, inspector_id, status, completed_at) VALUES
                        ('00000000-0000-0000-0000-00000000000f', 'DUP-2', 'choi', 'completed', now());
                    -- OK-3: one open session.
                    INSERT INTO aedpics.inspection_sessions (id, equipment_serial, inspector_id) VALUES
                        ('00000000-0000-0000-0000-000000000010', 'OK-3', 'kim');
                    -- Schedules of DUP-1 (aed 1), created in this order: 09:00, 09:20 (overlaps 09:00), 09:40
                    -- (overlaps only 09:20, which goes, so it stays), 10:30; a cancelled 09:05 counts for nothing.
                    INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for, created_at) VALUES
                        (1, '2030-01-01 09:00+09', '2029-12-01 00:00+00'),
                        (1, '2030-01-01 09:20+09', '2029-12-01 00:01+00'),
                        (1, '2030-01-01 09:40+09', '2029-12-01 00:02+00'),
                        (1, '2030-01-01 10:30+09', '2029-12-01 00:03+00');
                    INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for, status, cancelled_at, cancellation_reason)
                        VALUES (1, '2030-01-01 09:05+09', 'cancelled', now(), 'moved');
                    -- A later-created schedule earlier in the day loses to the earlier-created one.
                    INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for, created_at) VALUES
                        (2, '2030-01-02 14:10+09', '2029-12-02 00:00+00'),
                        (2, '2030-01-02 14:00+09', '2029-12-02 00:05+00');
                    """);
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the duplicates", e);
        }
        Map<String, String> config = new java.util.HashMap<>(roles.config(server.jdbcUrl(database)));
        config.putAll(TestIssuer.config());
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            PostgresServer.shared().dropDatabase(database);
        }
    }
}
