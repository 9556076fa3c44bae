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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** No two live schedules of one AED less than 30 minutes apart, decided by the exclusion constraint. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ScheduleTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("inspection-manager-tests", Roles.INSPECTION_MANAGER);
    }

    private static final Instant NINE = Instant.parse("2030-03-04T00:00:00Z"); // 09:00 in Seoul

    @TestHTTPResource("/api/schedules")
    URI schedules;

    @Test
    void justUnder30MinutesIs409NamingTheNeighbourAndExactly30IsAllowed() {
        long aed = InspectionApi.aed(InspectionApi.serial());
        int first = schedule(aed, NINE.toString()).then().statusCode(201)
                .body("windowStart", equalTo("2030-03-03T23:45:00Z")).body("windowEnd", equalTo("2030-03-04T00:15:00Z"))
                .extract().path("id");

        schedule(aed, NINE.plus(29, ChronoUnit.MINUTES).plusSeconds(59).toString()).then().statusCode(409)
                .contentType("application/problem+json").body("conflictingScheduleId", equalTo(first));
        schedule(aed, NINE.minus(29, ChronoUnit.MINUTES).toString()).then().statusCode(409)
                .body("conflictingScheduleId", equalTo(first));
        // The same instant written in another offset is the same instant.
        schedule(aed, "2030-03-04T09:10:00+09:00").then().statusCode(409).body("conflictingScheduleId", equalTo(first));

        schedule(aed, NINE.plus(30, ChronoUnit.MINUTES).toString()).then().statusCode(201);
        schedule(aed, NINE.minus(30, ChronoUnit.MINUTES).toString()).then().statusCode(201);
        // Another AED is not affected.
        schedule(InspectionApi.aed(InspectionApi.serial()), NINE.toString()).then().statusCode(201);

        given().queryParam("aedDataId", aed).queryParam("from", "2030-03-03T00:00:00Z").queryParam("to", "2030-03-05T00:00:00Z")
                .get("/api/schedules").then().statusCode(200).body("total", equalTo(3))
                .body("items.scheduledFor", equalTo(List.of("2030-03-03T23:30:00Z", "2030-03-04T00:00:00Z", "2030-03-04T00:30:00Z")));
    }

    @Test
    void aCancelledScheduleFreesItsSlotAndACompletedOneKeepsIt() {
        long aed = InspectionApi.aed(InspectionApi.serial());
        int first = schedule(aed, NINE.toString()).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("reason", "inspector ill"))
                .post("/api/schedules/{id}/cancel", first).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancellationReason", equalTo("inspector ill"));
        int second = schedule(aed, NINE.plus(10, ChronoUnit.MINUTES).toString()).then().statusCode(201).extract().path("id");

        given().post("/api/schedules/{id}/complete", second).then().statusCode(200).body("status", equalTo("completed"));
        schedule(aed, NINE.toString()).then().statusCode(409).body("conflictingScheduleId", equalTo(second));

        given().post("/api/schedules/{id}/cancel", first).then().statusCode(409).body("currentStatus", equalTo("cancelled"));
        given().post("/api/schedules/{id}/complete", second).then().statusCode(409);
        given().post("/api/schedules/{id}/cancel", 999_999).then().statusCode(404);
    }

    @Test
    void aCancelWhoseOptionalBodyIsEmptyIsACancelWithoutAReason() {
        long aed = InspectionApi.aed(InspectionApi.serial());
        int id = schedule(aed, NINE.plus(3, ChronoUnit.HOURS).toString()).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).post("/api/schedules/{id}/cancel", id).then().statusCode(200)
                .body("status", equalTo("cancelled")).body("cancellationReason", equalTo("cancelled")); // the default reason, as without a body
    }

    @Test
    void fiftyConcurrentOverlappingRequestsGiveExactlyOne201() throws Exception {
        long aed = InspectionApi.aed(InspectionApi.serial());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Every time within 20 minutes of every other: all overlap.
            bodies.add("{\"aedDataId\":" + aed + ",\"scheduledFor\":\"" + NINE.plusSeconds(i * 20L) + "\"}");
        }
        List<Integer> codes = InspectionApi.race(schedules, bodies);
        assertEquals(1, codes.stream().filter(c -> c == 201).count(), codes.toString());
        assertEquals(49, codes.stream().filter(c -> c == 409).count(), codes.toString());
    }

    @Test
    void malformedTimestampsAre400AndAnUnknownAedIs404() {
        long aed = InspectionApi.aed(InspectionApi.serial());
        for (String bad : List.of("2030-13-01T09:00:00Z", "tomorrow", "2030-03-04T09:00:00", "2030-03-04")) {
            schedule(aed, bad).then().statusCode(400).contentType("application/problem+json");
        }
        given().contentType(ContentType.JSON).body(Map.of("aedDataId", aed)).post("/api/schedules").then().statusCode(400)
                .body("errors.field", hasItem("scheduledFor"));
        given().queryParam("from", "yesterday").get("/api/schedules").then().statusCode(400);
        given().queryParam("from", "2030-03-05T00:00:00Z").queryParam("to", "2030-03-04T00:00:00Z").get("/api/schedules")
                .then().statusCode(400);
        schedule(999_999, NINE.toString()).then().statusCode(404);
        given().get("/api/schedules/{id}", 999_999).then().statusCode(404);
        // Nothing can be inspected yesterday: a time in the past is refused and stores nothing.
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        schedule(aed, yesterday).then().statusCode(400).body("errors[0].field", equalTo("scheduledFor"))
                .body("errors[0].message", startsWith("must not be in the past"));
        given().queryParam("aedDataId", aed).get("/api/schedules").then().statusCode(200).body("items", hasSize(0));
        given().get("/api/schedules/x").then().statusCode(400);
    }

    private static io.restassured.response.Response schedule(long aed, String at) {
        return given().contentType(ContentType.JSON).body(Map.of("aedDataId", aed, "scheduledFor", at, "assigneeId", "choi"))
                .post("/api/schedules");
    }
}
