package dev.integrity.inspection;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.MainFlowContract;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * inspection-service's main flow, end to end from outside: a manager registers an AED, an inspector
 * opens its session and a second inspector is answered 409 with the open one, the session is
 * completed; a schedule 20 minutes from another is a 409 until the other is cancelled; and the
 * monitoring finds no duplicates. Run by the {@code *IT}s against the packaged jar, once per
 * configuration.
 */
abstract class InspectionMainFlow extends MainFlowContract {

    @Test
    void oneActiveSessionPerAedAndNoTwoSchedulesWithinThirtyMinutes() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        TestIssuer.authorize("it-manager", Roles.INSPECTION_MANAGER);
        String serial = InspectionApi.serial();
        long aed = InspectionApi.aed(serial);

        TestIssuer.authorize("it-kim", Roles.INSPECTOR);
        String session = given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial))
                .post("/api/inspections/sessions").then().statusCode(201).body("inspectorId", equalTo("it-kim"))
                .extract().path("id");
        TestIssuer.authorize("it-lee", Roles.INSPECTOR);
        given().contentType(ContentType.JSON).body(Map.of("equipmentSerial", serial))
                .post("/api/inspections/sessions").then().statusCode(409).contentType("application/problem+json")
                .body("activeSessionId", equalTo(session));
        TestIssuer.authorize("it-kim", Roles.INSPECTOR);
        given().contentType(ContentType.JSON).body(Map.of("result", Map.of("battery", "ok", "pads", "replaced")))
                .post("/api/inspections/sessions/{id}/complete", session).then().statusCode(200).body("status", equalTo("completed"));

        Instant nine = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        int first = schedule(aed, nine).then().statusCode(201).extract().path("id");
        schedule(aed, nine.plus(20, ChronoUnit.MINUTES)).then().statusCode(409).body("conflictingScheduleId", equalTo(first));
        given().post("/api/schedules/{id}/cancel", first).then().statusCode(200).body("status", equalTo("cancelled"));
        schedule(aed, nine.plus(20, ChronoUnit.MINUTES)).then().statusCode(201);

        TestIssuer.authorize("it-manager", Roles.INSPECTION_MANAGER);
        given().get("/api/monitoring/duplicate-sessions").then().statusCode(200).body("$", hasSize(0));
        given().get("/api/monitoring/duplicate-schedules").then().statusCode(200).body("$", hasSize(0));
    }

    private static io.restassured.response.Response schedule(long aed, Instant at) {
        return given().contentType(ContentType.JSON).body(Map.of("aedDataId", aed, "scheduledFor", at.toString())).post("/api/schedules");
    }
}
