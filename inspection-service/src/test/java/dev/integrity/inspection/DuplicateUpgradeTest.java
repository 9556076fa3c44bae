package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Upgrading a database that already breaks the rules: V2 resolves the duplicates (deleting
 * nothing) and then creates the constraints, which hold from then on.
 */
@QuarkusTest
@WithTestResource(DuplicatesBeforeConstraintsResource.class)
class DuplicateUpgradeTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("inspection-manager-tests", Roles.INSPECTION_MANAGER);
    }

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "platform.admin-token")
    String token;

    @Test
    void theMigrationKeepsTheMostRecentlyActiveSessionCancelsTheRestDeletesNothingAndTheConstraintsHold() throws SQLException {
        assertEquals(7, count("SELECT count(*) FROM aedpics.inspection_sessions"), "no session deleted");
        assertEquals(7, count("SELECT count(*) FROM aedpics.inspection_schedules"), "no schedule deleted");
        assertEquals(List.of(
                        "a|cancelled|duplicate", "b|paused|null", "c|cancelled|duplicate",
                        "d|cancelled|duplicate", "e|active|null", "f|completed|null", "10|active|null"),
                rows("SELECT right(id::text, 2), status, cancellation_reason FROM aedpics.inspection_sessions ORDER BY id")
                        .stream().map(r -> r.replaceFirst("^0", "")).toList());
        assertEquals(3, count("SELECT count(*) FROM aedpics.inspection_session_events WHERE actor = 'migration' AND reason = 'duplicate'"));

        assertEquals(List.of("09:00|scheduled", "09:05|cancelled", "09:20|cancelled", "09:40|scheduled", "10:30|scheduled",
                        "14:00|cancelled", "14:10|scheduled"),
                rows("SELECT to_char(scheduled_for AT TIME ZONE 'Asia/Seoul', 'HH24:MI'), status FROM aedpics.inspection_schedules "
                        + "ORDER BY scheduled_for"));

        assertEquals(1, count("SELECT count(*) FROM pg_indexes WHERE schemaname = 'aedpics' "
                + "AND indexname = 'idx_inspection_sessions_active_session_per_equipment'"));
        assertEquals(1, count("SELECT count(*) FROM pg_constraint WHERE conname = 'inspection_schedules_no_overlap' AND contype = 'x'"));
        assertEquals("23505", refusal("INSERT INTO aedpics.inspection_sessions (equipment_serial, inspector_id) VALUES ('DUP-1', 'raw sql')"));
        assertEquals("23P01", refusal("INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for) VALUES (1, '2030-01-01 09:29+09')"));

        given().get("/api/monitoring/duplicate-sessions").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/monitoring/duplicate-schedules").then().statusCode(200).body("$", hasSize(0));
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", "DUP-1", "inspectorId", "new"))
                .post("/api/inspections/sessions").then().statusCode(409)
                .body("activeSessionId", equalTo("00000000-0000-0000-0000-00000000000b"));
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        }
    }

    /** The SQLSTATE a statement is refused with, on a connection of its own (a borrowed connection is one transaction). */
    private String refusal(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            return assertThrows(SQLException.class, () -> s.execute(sql), sql).getSQLState();
        }
    }
}
