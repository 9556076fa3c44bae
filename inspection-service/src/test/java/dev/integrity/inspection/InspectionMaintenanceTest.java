package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.Scrape;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring and cleanup endpoints, on a healthy database and on one whose constraints were
 * dropped (the seed's rollback), and the abandoned-session job.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class InspectionMaintenanceTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("inspection-manager-tests", Roles.INSPECTION_MANAGER);
    }

    @ConfigProperty(name = "platform.admin-token")
    String token;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void monitoringIsAManagersAndFindsNothingOnAHealthyDatabase() {
        given().header("Authorization", "Basic bm8tb25lOm5vdGhpbmc=").get("/api/monitoring/duplicate-sessions").then().statusCode(401);
        given().header("Authorization", "Bearer " + "wrong").get("/api/monitoring/duplicate-sessions").then().statusCode(401);
        given().header("Authorization", "Bearer " + token).get("/api/monitoring/duplicate-sessions").then().statusCode(401);
        given().header("Authorization", TestIssuer.bearer(TestIssuer.tokenOfSomeone(Roles.INSPECTOR)))
                .get("/api/monitoring/duplicate-sessions").then().statusCode(403);
        given().post("/api/monitoring/duplicate-sessions/cleanup").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("count", equalTo(0));
        given().get("/api/monitoring/duplicate-sessions").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/monitoring/duplicate-schedules").then().statusCode(200).body("$", hasSize(0));
        given().queryParam("dryRun", "maybe").post("/api/monitoring/duplicate-sessions/cleanup")
                .then().statusCode(400);
    }

    @Test
    void withTheConstraintsDroppedDuplicatesAreFoundReportedByADryRunAndResolvedByCleanup() throws SQLException {
        String serial = InspectionApi.serial();
        long aed = InspectionApi.aed(serial);
        UUID older;
        UUID newer;
        long early;
        long late;
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute("DROP INDEX aedpics.idx_inspection_sessions_active_session_per_equipment");
            s.execute("ALTER TABLE aedpics.inspection_schedules DROP CONSTRAINT inspection_schedules_no_overlap");
            older = insertSession(c, serial, "kim", "now() - interval '2 hours'");
            newer = insertSession(c, serial, "lee", "now() - interval '5 minutes'");
            early = insertSchedule(c, aed, "2030-05-01T01:00:00Z");
            late = insertSchedule(c, aed, "2030-05-01T01:10:00Z");
        }
        try {
            given().get("/api/monitoring/duplicate-sessions").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].equipmentSerial", equalTo(serial)).body("[0].count", equalTo(2))
                    .body("[0].sessionIds", equalTo(List.of(newer.toString(), older.toString())));
            given().get("/api/monitoring/duplicate-schedules").then().statusCode(200)
                    .body("$", hasSize(1)).body("[0].firstScheduleId", equalTo((int) early))
                    .body("[0].secondScheduleId", equalTo((int) late));
            given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(false));

            // A dry run reports and changes nothing.
            given().queryParam("dryRun", "true").post("/api/monitoring/duplicate-sessions/cleanup")
                    .then().statusCode(200).body("dryRun", equalTo(true)).body("count", equalTo(1))
                    .body("resolved[0].sessionId", equalTo(older.toString()))
                    .body("resolved[0].keptSessionId", equalTo(newer.toString()));
            assertEquals("active", status(older));

            given().queryParam("dryRun", "false").post("/api/monitoring/duplicate-sessions/cleanup")
                    .then().statusCode(200).body("dryRun", equalTo(false)).body("count", equalTo(1));
            assertEquals("cancelled", status(older));
            assertEquals("active", status(newer));
            given().get("/api/inspections/sessions/{id}", older).then().body("cancellationReason", equalTo("duplicate"));

            given().queryParam("dryRun", "false").post("/api/monitoring/duplicate-schedules/cleanup")
                    .then().statusCode(200).body("count", equalTo(1)).body("resolved[0].scheduleId", equalTo((int) late))
                    .body("resolved[0].keptScheduleId", equalTo((int) early));

            given().get("/api/monitoring/duplicate-sessions").then().body("$", hasSize(0));
            given().get("/api/monitoring/duplicate-schedules").then().body("$", hasSize(0));
            given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));
            assertEquals(2, count("SELECT count(*) FROM aedpics.inspection_sessions WHERE equipment_serial = '" + serial + "'"),
                    "nothing is deleted");
        } finally {
            // The cleanup made the constraints creatable again; put them back for the other tests.
            try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
                s.execute("CREATE UNIQUE INDEX IF NOT EXISTS idx_inspection_sessions_active_session_per_equipment "
                        + "ON aedpics.inspection_sessions (equipment_serial) WHERE status IN ('active', 'paused')");
                s.execute("ALTER TABLE aedpics.inspection_schedules ADD CONSTRAINT inspection_schedules_no_overlap "
                        + "EXCLUDE USING gist (aed_data_id WITH =, tstzrange(window_start, window_end, '[)') WITH &&) "
                        + "WHERE (status <> 'cancelled')");
            }
        }
    }

    @Test
    void theAbandonedSessionJobPausesStaleSessionsCancelsAbandonedOnesAndRecordsBoth() throws SQLException {
        String fresh = InspectionApi.serial();
        String stale = InspectionApi.serial();
        String abandoned = InspectionApi.serial();
        String abandonedPaused = InspectionApi.serial();
        for (String serial : List.of(fresh, stale, abandoned, abandonedPaused)) {
            InspectionApi.aed(serial);
        }
        String freshId = InspectionApi.start(fresh, "a");
        String staleId = InspectionApi.start(stale, "b");
        String abandonedId = InspectionApi.start(abandoned, "c");
        String abandonedPausedId = InspectionApi.start(abandonedPaused, "d");
        given().post("/api/inspections/sessions/{id}/pause", abandonedPausedId).then().statusCode(200);
        idleFor(staleId, "3 hours");
        idleFor(abandonedId, "25 hours");
        idleFor(abandonedPausedId, "30 hours");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/inspection-abandoned-sessions/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded")).body("rowsAffected", equalTo(3));

        assertEquals("active", status(UUID.fromString(freshId)));
        assertEquals("paused", status(UUID.fromString(staleId)));
        assertEquals("cancelled", status(UUID.fromString(abandonedId)));
        assertEquals("cancelled", status(UUID.fromString(abandonedPausedId)));
        given().get("/api/inspections/sessions/{id}", abandonedId).then().body("cancellationReason", equalTo("abandoned"));
        assertEquals(3, count("SELECT count(*) FROM aedpics.inspection_session_events WHERE actor = 'job:inspection-abandoned-sessions'"
                + " AND session_id IN ('" + staleId + "', '" + abandonedId + "', '" + abandonedPausedId + "')"));
        // The AED is free again.
        InspectionApi.start(abandoned, "e");

        // Running it again moves nothing more (the paused session keeps its idle time and waits for abandonment).
        given().header("Authorization", "Bearer " + token).post("/admin/jobs/inspection-abandoned-sessions/run").then().statusCode(200)
                .body("rowsAffected", equalTo(0));
    }

    @Test
    void aJobWhoseLockIsHeldElsewhereIsSkippedWith202SoACronJobsCurlFailSucceeds() throws SQLException {
        String job = "inspection-duplicate-cleanup";
        Scrape start = Scrape.now();
        double skipped = start.value("platform_job_runs_total", "job_name", job, "outcome", "skipped");
        double succeeded = start.value("platform_job_runs_total", "job_name", job, "outcome", "succeeded");
        double before = System.currentTimeMillis() / 1000.0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('jobs:aedpics'), hashtext(?))")) {
                lock.setString(1, "inspection-duplicate-cleanup");
                lock.execute();
            }
            given().header("Authorization", "Bearer " + token).post("/admin/jobs/inspection-duplicate-cleanup/run").then().statusCode(202)
                    .body("outcome", equalTo("skipped")).body("job", equalTo("inspection-duplicate-cleanup"));
            c.rollback();
        }
        given().header("Authorization", "Bearer " + token).post("/admin/jobs/inspection-duplicate-cleanup/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded"));
        given().header("Authorization", "Bearer " + token).post("/admin/jobs/no-such-job/run").then().statusCode(404);

        // What an operator's alerts read: one skip and one success more, and the success's time.
        Scrape after = Scrape.now();
        assertEquals(skipped + 1, after.value("platform_job_runs_total", "job_name", job, "outcome", "skipped"));
        assertEquals(succeeded + 1, after.value("platform_job_runs_total", "job_name", job, "outcome", "succeeded"));
        double lastSuccess = after.value("platform_job_last_success_timestamp_seconds", "job_name", job);
        assertTrue(lastSuccess >= before - 1 && lastSuccess <= System.currentTimeMillis() / 1000.0 + 1, "last success at " + lastSuccess);
    }

    private static UUID insertSession(Connection c, String serial, String inspector, String lastActivity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO aedpics.inspection_sessions (equipment_serial, inspector_id, "
                + "last_activity_at) VALUES (?, ?, " + lastActivity + ") RETURNING id")) {
            ps.setString(1, serial);
            ps.setString(2, inspector);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static long insertSchedule(Connection c, long aed, String at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for) VALUES (?, ?::timestamptz) RETURNING id")) {
            ps.setLong(1, aed);
            ps.setString(2, at);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void idleFor(String sessionId, String interval) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE aedpics.inspection_sessions SET last_activity_at = now() - ?::interval WHERE id = ?")) {
            ps.setString(1, interval);
            ps.setObject(2, UUID.fromString(sessionId));
            assertEquals(1, ps.executeUpdate());
        }
    }

    private String status(UUID id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT status FROM aedpics.inspection_sessions WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }
}
