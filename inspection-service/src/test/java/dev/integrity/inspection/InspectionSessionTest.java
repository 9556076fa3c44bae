package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.Scrape;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 004's rule: at most one open (active or paused) inspection session per AED, and the moves of a session. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class InspectionSessionTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("inspection-manager-tests", Roles.INSPECTION_MANAGER);
    }

    @TestHTTPResource("/api/inspections/sessions")
    URI sessions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSecondOpenSessionOfAnAedIs409NamingTheOpenOneItsStatusAndItsInspector() {
        String serial = InspectionApi.serial();
        InspectionApi.aed(serial);
        String first = InspectionApi.start(serial, "kim");
        given().get("/api/inspections/sessions/{id}", first).then().statusCode(200)
                .body("status", equalTo("active")).body("equipmentSerial", equalTo(serial)).body("inspectorId", equalTo("kim"));

        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial, "inspectorId", "lee"))
                .post("/api/inspections/sessions").then().statusCode(409).contentType("application/problem+json")
                .body("activeSessionId", equalTo(first)).body("activeSessionStatus", equalTo("active"))
                .body("inspectorId", equalTo("kim"));

        // Paused is open too.
        given().post("/api/inspections/sessions/{id}/pause", first).then().statusCode(200).body("status", equalTo("paused"));
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial, "inspectorId", "lee"))
                .post("/api/inspections/sessions").then().statusCode(409).body("activeSessionStatus", equalTo("paused"));

        // Once it is completed, a new session may start.
        given().post("/api/inspections/sessions/{id}/resume", first).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("result", Map.of("battery", "ok", "pads", "replace")))
                .post("/api/inspections/sessions/{id}/complete", first).then().statusCode(200)
                .body("status", equalTo("completed")).body("result.pads", equalTo("replace"));
        // Read back (the entity's jsonb column), the findings are the object that was sent.
        given().get("/api/inspections/sessions/{id}", first).then().statusCode(200)
                .body("result", equalTo(Map.of("battery", "ok", "pads", "replace"))).body("completedAt", notNullValue());
        InspectionApi.start(serial, "lee");
    }

    @Test
    void twoHundredConcurrentStartsForOneSerialGiveExactlyOne201AndNo5xx() throws Exception {
        String serial = InspectionApi.serial();
        InspectionApi.aed(serial);
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bodies.add("{\"equipmentSerial\":\"" + serial + "\",\"inspectorId\":\"inspector-" + i + "\"}");
        }
        double before = conflicts();
        List<Integer> codes = InspectionApi.race(sessions, bodies);
        assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
        assertEquals(199, codes.stream().filter(c -> c == 409).count(), codes.toString());
        // Each 409 counted once, whether the check or the index saw it first.
        assertEquals(before + 199, conflicts());
        given().queryParam("equipmentSerial", serial).get("/api/inspections/sessions").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].status", equalTo("active"));
    }

    @Test
    void everyMoveLegalAndIllegalAndEachLegalOneUpdatesLastActivityAndIsRecorded() throws SQLException {
        String serial = InspectionApi.serial();
        InspectionApi.aed(serial);
        String id = InspectionApi.start(serial, "park");
        String started = given().get("/api/inspections/sessions/{id}", id).then().extract().path("lastActivityAt");

        // active: resume is impossible; the 409 names what is allowed.
        given().post("/api/inspections/sessions/{id}/resume", id).then().statusCode(409)
                .body("currentStatus", equalTo("active"))
                .body("allowedTransitions", containsInAnyOrder("pause", "complete", "cancel"));
        String paused = given().post("/api/inspections/sessions/{id}/pause", id).then().statusCode(200)
                .body("status", equalTo("paused")).body("pausedAt", notNullValue()).extract().path("lastActivityAt");
        assertTrue(java.time.Instant.parse(paused).isAfter(java.time.Instant.parse(started)), started + " then " + paused);

        // paused: pause and complete are impossible.
        given().post("/api/inspections/sessions/{id}/pause", id).then().statusCode(409)
                .body("allowedTransitions", containsInAnyOrder("resume", "cancel"));
        given().contentType(ContentType.JSON).body(Map.of("result", Map.of()))
                .post("/api/inspections/sessions/{id}/complete", id).then().statusCode(409);
        given().post("/api/inspections/sessions/{id}/resume", id).then().statusCode(200)
                .body("status", equalTo("active")).body("resumedAt", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("reason", "device removed for repair"))
                .post("/api/inspections/sessions/{id}/cancel", id).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancellationReason", equalTo("device removed for repair"));

        // cancelled is final.
        for (String move : List.of("pause", "resume")) {
            given().post("/api/inspections/sessions/{id}/" + move, id).then().statusCode(409)
                    .body("currentStatus", equalTo("cancelled")).body("allowedTransitions.size()", equalTo(0));
        }
        given().contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .post("/api/inspections/sessions/{id}/cancel", id).then().statusCode(409);

        assertEquals(List.of("null>active", "active>paused", "paused>active", "active>cancelled"), events(id));
        // The API reads the same history back; the start has no status before it (null, as its document allows).
        given().get("/api/inspections/sessions/{id}/events", id).then().statusCode(200)
                .body("fromStatus", equalTo(Arrays.asList(null, "active", "paused", "active")))
                .body("toStatus", equalTo(List.of("active", "paused", "active", "cancelled")));

        // A completed session is final as well.
        String other = InspectionApi.start(serial, "park");
        given().contentType(ContentType.JSON).body(Map.of("result", Map.of("ok", true)))
                .post("/api/inspections/sessions/{id}/complete", other).then().statusCode(200).body("completedAt", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("reason", "late"))
                .post("/api/inspections/sessions/{id}/cancel", other).then().statusCode(409)
                .body("currentStatus", equalTo("completed"));
    }

    @Test
    void unknownSerialsAndIdsAre404AndMalformedInputIs400() {
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", "NO-SUCH-AED", "inspectorId", "kim"))
                .post("/api/inspections/sessions").then().statusCode(404).contentType("application/problem+json");
        given().get("/api/inspections/sessions/{id}", UUID.randomUUID()).then().statusCode(404);
        given().post("/api/inspections/sessions/{id}/pause", UUID.randomUUID()).then().statusCode(404);
        given().get("/api/inspections/sessions/not-a-uuid").then().statusCode(400);
        given().get("/api/aeds/999999").then().statusCode(404);
        given().get("/api/aeds/abc").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", " ", "inspectorId", "kim"))
                .post("/api/inspections/sessions").then().statusCode(400).body("errors.field", hasItem("equipmentSerial"));
        given().contentType(ContentType.JSON).body("{\"equipmentSerial\": ")
                .post("/api/inspections/sessions").then().statusCode(400);
        given().queryParam("status", "open").get("/api/inspections/sessions").then().statusCode(400);
        String serial = InspectionApi.serial();
        InspectionApi.aed(serial);
        String id = InspectionApi.start(serial, "kim");
        given().contentType(ContentType.JSON).body("{}").post("/api/inspections/sessions/{id}/complete", id).then().statusCode(400)
                .body("errors.field", contains("result"));
        given().contentType(ContentType.JSON).body("{}").post("/api/inspections/sessions/{id}/cancel", id).then().statusCode(400);
        given().get("/api/inspections/sessions/{id}", id).then().body("status", equalTo("active")).body("result", nullValue());
    }

    @Test
    void aDuplicateSerialIs409NamingTheAedThatHasIt() {
        String serial = InspectionApi.serial();
        long id = InspectionApi.aed(serial);
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial))
                .post("/api/aeds").then().statusCode(409).body("aedId", equalTo((int) id));
        given().queryParam("serial", serial).get("/api/aeds").then().statusCode(200)
                .body("items[0].id", equalTo((int) id)).body("total", equalTo(1));
    }

    private List<String> events(String sessionId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT from_status, to_status FROM aedpics.inspection_session_events WHERE session_id = ? ORDER BY id")) {
            ps.setObject(1, UUID.fromString(sessionId));
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ">" + rs.getString(2));
                }
            }
            return out;
        }
    }

    /** inspection_conflicts_total for a second open session, by who decided it (0 before the first). */
    /** The one-open-session 409s so far, whether the service's check or the index decided them. */
    private static double conflicts() {
        return Scrape.now().sum("inspection_conflicts_total", "constraint", "idx_inspection_sessions_active_session_per_equipment");
    }
}
