package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading samples back: the CSV/JSON export and the gait summary. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuExportAndGaitTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @Test
    void aCsvExportRoundTripsTheRows() {
        String source = Samples.newDeviceId("export");
        String copy = Samples.newDeviceId("reimport");
        Instant start = Samples.recent();
        given().contentType(ContentType.JSON).body(Samples.json(500, start)).post("/api/devices/{id}/imu", source)
                .then().statusCode(200).body("accepted", equalTo(500));

        String csv = given().queryParam("format", "csv").get("/api/devices/{id}/imu", source)
                .then().statusCode(200).contentType(containsCsv()).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals("ts,accX,accY,accZ,gyroX,gyroY,gyroZ,magX,magY,magZ", lines[0]);
        assertEquals(501, lines.length);
        assertTrue(lines[1].startsWith(start.toString().replace("Z", "")), "ts order, from the first sample: " + lines[1]);

        given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/devices/{id}/imu", copy)
                .then().statusCode(200).body("accepted", equalTo(500));
        String again = given().queryParam("format", "csv").get("/api/devices/{id}/imu", copy).then().statusCode(200).extract().asString();
        assertEquals(csv, again, "export, import, export: the same bytes");
        assertEquals(csv, given().accept("text/csv").get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(containsCsv()).extract().asString(), "Accept: text/csv chooses CSV without format=csv");
        given().accept("application/json, text/csv;q=0.5").get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(ContentType.JSON);

        String json = given().get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(ContentType.JSON).body("size()", equalTo(500)).extract().asString();
        given().contentType(ContentType.JSON).body(json).post("/api/devices/{id}/imu", copy)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(500));

        given().queryParam("from", start.plusSeconds(1).toString()).queryParam("to", start.plusSeconds(2).toString())
                .get("/api/devices/{id}/imu", source).then().statusCode(200).body("size()", equalTo(100));
        given().queryParam("from", "last tuesday").get("/api/devices/{id}/imu", source)
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().queryParam("format", "xml").get("/api/devices/{id}/imu", source).then().statusCode(400);
        given().get("/api/devices/{id}/imu", "nobody-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aSixtySecondWalkAtTwoStepsPerSecondSampledAt100HzCounts120StepsGiveOrTakeThree() {
        String device = Samples.newDeviceId("walker");
        Instant start = Samples.recent().minusSeconds(600);
        Random noise = new Random(42);
        for (int chunk = 0; chunk < 6; chunk++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = chunk * 1000; i < (chunk + 1) * 1000; i++) {
                double t = i / 100.0;
                double vertical = 9.81 + 3.0 * Math.sin(2 * Math.PI * 2.0 * t) + noise.nextGaussian() * 0.4;
                double forward = 1.2 * Math.sin(2 * Math.PI * 2.0 * t + 0.6) + noise.nextGaussian() * 0.4;
                double lateral = 0.6 * Math.sin(2 * Math.PI * 1.0 * t) + noise.nextGaussian() * 0.4;
                if (i > chunk * 1000) {
                    body.append(',');
                }
                body.append(String.format(Locale.ROOT,
                        "{\"ts\":\"%s\",\"accX\":%.4f,\"accY\":%.4f,\"accZ\":%.4f,\"gyroX\":0.01,\"gyroY\":0.02,\"gyroZ\":0.03}",
                        start.plusMillis(10L * i), forward, lateral, vertical));
            }
            given().contentType(ContentType.JSON).body(body.append(']').toString()).post("/api/devices/{id}/imu", device)
                    .then().statusCode(200).body("accepted", equalTo(1000));
        }

        var gait = given().get("/api/devices/{id}/gait", device).then().statusCode(200)
                .body("samples", equalTo(6000)).extract().jsonPath();
        int steps = gait.getInt("steps");
        assertTrue(Math.abs(steps - 120) <= 3, "expected 120 ± 3 steps, counted " + steps);
        assertEquals(59.99, gait.getDouble("durationSeconds"), 0.001);
        assertEquals(120.0, gait.getDouble("cadenceStepsPerMinute"), 3.5);
        assertEquals(10.1, gait.getDouble("meanAccelerationMagnitude"), 0.5);

        given().get("/api/devices/{id}/gait", "nobody-here").then().statusCode(404);
        given().queryParam("from", start.plusSeconds(100).toString()).get("/api/devices/{id}/gait", device)
                .then().statusCode(200).body("samples", equalTo(0)).body("steps", equalTo(0));
    }

    private static String containsCsv() {
        return "text/csv";
    }
}
