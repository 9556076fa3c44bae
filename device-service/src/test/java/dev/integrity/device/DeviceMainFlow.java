package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.MainFlowContract;
import dev.integrity.platform.testing.RawWebSocket;
import dev.integrity.platform.testing.TestIssuer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * device-service's main flow, end to end from outside, as a team starts it: an operator registers
 * a user and a device (the default provisioning is {@code token}, with enrollment off until a token
 * is configured), the sensor sends a batch with its key over HTTP and another over the WebSocket,
 * a retry of the same batch stores nothing twice, and the samples come back in the export and the
 * gait summary. Run by the {@code *IT}s against the packaged jar, once per configuration.
 */
abstract class DeviceMainFlow extends MainFlowContract {

    @Test
    void aRegisteredSensorsSamplesAreStoredOnceAndReadBack() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        TestIssuer.authorize("it-operator", Roles.DEVICE_OPERATOR);
        long user = given().contentType(ContentType.JSON).body("{\"name\":\"Walker\",\"subject\":\"it-walker\"}")
                .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
        String device = Samples.newDeviceId("it");
        String key = given().contentType(ContentType.JSON).body(Map.of("deviceId", device, "userId", user))
                .post("/api/devices").then().statusCode(201).body("apiKey", notNullValue())
                .extract().jsonPath().getString("apiKey");
        TestIssuer.anonymous();

        Instant start = Samples.recent();
        String batch = Samples.json(50, start);
        given().header("X-Device-Key", key).contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(50)).body("duplicates", equalTo(0));
        given().header("X-Device-Key", key).contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(50));
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(401).contentType("application/problem+json");

        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.1", RestAssured.port, "/ws/devices/" + device + "/imu",
                Map.of("X-Device-Key", key))) {
            socket.text(Samples.json(50, start.plusSeconds(1)));
            assertEquals("{\"accepted\":50,\"duplicates\":0}", socket.next().text());
        }

        TestIssuer.authorize("it-walker"); // the device's user, no role: reads their own device's samples
        given().queryParam("from", start.toString()).queryParam("to", start.plusSeconds(60).toString())
                .get("/api/devices/{id}/imu", device).then().statusCode(200).body("size()", equalTo(100));
        TestIssuer.authorize("it-operator", Roles.DEVICE_OPERATOR);
        given().get("/api/devices/{id}", device).then().statusCode(200).body("userId", equalTo((int) user))
                .body("status", equalTo("active"));
    }
}
