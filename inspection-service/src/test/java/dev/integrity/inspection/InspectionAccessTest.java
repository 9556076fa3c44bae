package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static dev.integrity.platform.testing.TestIssuer.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The actor is real (docs/security.md): a session's inspector is the token's subject, an inspector
 * moves only their own sessions and schedules, a manager moves anyone's, and every event names who
 * made the move beside whose session it is.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class InspectionAccessTest {

    @TestHTTPResource("/api/inspections/sessions")
    URI sessions;

    @BeforeEach
    void noDefaultToken() {
        TestIssuer.anonymous();
    }

    @Test
    void anInspectorCannotCancelAnotherInspectorsSessionAManagerCanAndTheEventNamesBoth() {
        String kim = "kim-" + UUID.randomUUID();
        String lee = "lee-" + UUID.randomUUID();
        String manager = "manager-" + UUID.randomUUID();
        String serial = InspectionApi.serial();
        given().header("Authorization", InspectionApi.MANAGER).contentType(ContentType.JSON)
                .body("{\"equipmentSerial\":\"" + serial + "\"}").post("/api/aeds").then().statusCode(201);

        String session = given().header("Authorization", as(kim, Roles.INSPECTOR)).contentType(ContentType.JSON)
                .body("{\"equipmentSerial\":\"" + serial + "\"}").post("/api/inspections/sessions")
                .then().statusCode(201).body("inspectorId", equalTo(kim)).extract().path("id");
        given().header("Authorization", as(lee, Roles.INSPECTOR)).contentType(ContentType.JSON)
                .body("{\"equipmentSerial\":\"" + InspectionApi.serial() + "\",\"inspectorId\":\"" + kim + "\"}")
                .post("/api/inspections/sessions").then().statusCode(403).contentType("application/problem+json");

        for (String move : List.of("pause", "complete", "cancel")) {
            String body = move.equals("complete") ? "{\"result\":{\"ok\":true}}" : "{\"reason\":\"mine now\"}";
            given().header("Authorization", as(lee, Roles.INSPECTOR)).contentType(ContentType.JSON).body(body)
                    .post("/api/inspections/sessions/{id}/" + move, session).then().statusCode(403).body("inspectorId", equalTo(kim));
        }
        given().header("Authorization", as(lee, Roles.INSPECTOR)).get("/api/inspections/sessions/{id}", session).then().statusCode(200)
                .body("status", equalTo("active"));

        given().header("Authorization", as(manager, Roles.INSPECTION_MANAGER)).contentType(ContentType.JSON)
                .body("{\"reason\":\"kim is on leave\"}").post("/api/inspections/sessions/{id}/cancel", session)
                .then().statusCode(200).body("status", equalTo("cancelled")).body("inspectorId", equalTo(kim));
        given().header("Authorization", as(kim, Roles.INSPECTOR)).get("/api/inspections/sessions/{id}/events", session).then()
                .statusCode(200)
                .body("actor", equalTo(List.of(kim, manager)))
                .body("inspectorId", equalTo(List.of(kim, kim)))
                .body("[1].toStatus", equalTo("cancelled")).body("[1].reason", equalTo("kim is on leave"));
    }

    @Test
    void anInspectorSchedulesAndCancelsOnlyTheirOwn() {
        String kim = "kim-" + UUID.randomUUID();
        String lee = "lee-" + UUID.randomUUID();
        long aed = given().header("Authorization", InspectionApi.MANAGER).contentType(ContentType.JSON)
                .body("{\"equipmentSerial\":\"" + InspectionApi.serial() + "\"}").post("/api/aeds").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        int schedule = given().header("Authorization", as(kim, Roles.INSPECTOR)).contentType(ContentType.JSON)
                .body("{\"aedDataId\":" + aed + ",\"scheduledFor\":\"2031-03-01T09:00:00+09:00\"}").post("/api/schedules")
                .then().statusCode(201).body("assigneeId", equalTo(kim)).body("createdBy", equalTo(kim)).extract().path("id");
        given().header("Authorization", as(kim, Roles.INSPECTOR)).contentType(ContentType.JSON)
                .body("{\"aedDataId\":" + aed + ",\"scheduledFor\":\"2031-03-02T09:00:00+09:00\",\"assigneeId\":\"" + lee + "\"}")
                .post("/api/schedules").then().statusCode(403);
        given().header("Authorization", as(lee, Roles.INSPECTOR)).post("/api/schedules/{id}/cancel", schedule).then().statusCode(403)
                .body("assigneeId", equalTo(kim));
        given().header("Authorization", as(lee, Roles.INSPECTOR)).post("/api/schedules/{id}/complete", schedule).then().statusCode(403);
        given().header("Authorization", as(kim, Roles.INSPECTOR)).post("/api/schedules/{id}/cancel", schedule).then().statusCode(200)
                .body("status", equalTo("cancelled"));
        // A manager assigns to anyone, and cancels anyone's.
        int forLee = given().header("Authorization", InspectionApi.MANAGER).contentType(ContentType.JSON)
                .body("{\"aedDataId\":" + aed + ",\"scheduledFor\":\"2031-03-03T09:00:00+09:00\",\"assigneeId\":\"" + lee + "\"}")
                .post("/api/schedules").then().statusCode(201).body("assigneeId", equalTo(lee)).extract().path("id");
        given().header("Authorization", InspectionApi.MANAGER).post("/api/schedules/{id}/cancel", forLee).then().statusCode(200);
    }

    /** Twenty inspectors, each with a token of their own, open a session on one AED at once: one wins. */
    @Test
    void theRaceStillHasOneWinnerAcrossInspectors() throws Exception {
        String serial = InspectionApi.serial();
        given().header("Authorization", InspectionApi.MANAGER).contentType(ContentType.JSON)
                .body("{\"equipmentSerial\":\"" + serial + "\"}").post("/api/aeds").then().statusCode(201);
        String body = "{\"equipmentSerial\":\"" + serial + "\"}";
        List<Integer> codes = InspectionApi.race(sessions, java.util.Collections.nCopies(20, body),
                i -> as("racer-" + i + "-" + UUID.randomUUID(), Roles.INSPECTOR));
        assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
        assertEquals(19, codes.stream().filter(c -> c == 409).count(), codes.toString());
    }

    private static String as(String subject, String role) {
        return bearer(TestIssuer.token(subject, role));
    }
}
