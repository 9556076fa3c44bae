package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

/** Token provisioning: an unknown device enrolls with the shared token, then uses its own key. */
@QuarkusTest
@TestProfile(TokenProvisioningTest.TokenMode.class)
@WithTestResource(PlatformTestResource.class)
class TokenProvisioningTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    public static class TokenMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("device.provisioning", "token", "device.enrollment-token", "enrol-me-please");
        }
    }


    @Test
    void anUnknownDeviceEnrollsWithTheTokenAndThenMustUseItsKey() {
        String device = Samples.newDeviceId("enrol");
        String batch = Samples.json(3, Samples.recent());
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("DeviceKey"));
        given().header("X-Enrollment-Token", "wrong").contentType(ContentType.JSON).body(batch)
                .post("/api/devices/{id}/imu", device).then().statusCode(401);
        given().get("/api/devices/{id}", device).then().statusCode(404);

        String key = given().header("X-Enrollment-Token", "enrol-me-please").contentType(ContentType.JSON).body(batch)
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(3)).body("apiKey", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().path("apiKey");

        String next = Samples.json(3, Samples.recent().plusSeconds(10));
        given().contentType(ContentType.JSON).body(next).post("/api/devices/{id}/imu", device)
                .then().statusCode(401).body("detail", containsString("X-Device-Key"));
        given().header("X-Enrollment-Token", "enrol-me-please").contentType(ContentType.JSON).body(next)
                .post("/api/devices/{id}/imu", device).then().statusCode(401).body("detail", containsString("already enrolled"));
        given().header("X-Device-Key", key + "x").contentType(ContentType.JSON).body(next)
                .post("/api/devices/{id}/imu", device).then().statusCode(401);
        given().header("X-Device-Key", key).contentType(ContentType.JSON).body(next)
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(3)).body("apiKey", nullValue());
    }

    @Test
    void aRotatedKeyReplacesTheOldOneAtOnce() {
        String device = Samples.newDeviceId("rotated");
        String oldKey = given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices")
                .then().statusCode(201).extract().path("apiKey");
        String newKey = given().post("/api/devices/{id}/key", device).then().statusCode(200).extract().path("apiKey");
        String batch = Samples.json(1, Samples.recent());
        given().header("X-Device-Key", oldKey).contentType(ContentType.JSON).body(batch)
                .post("/api/devices/{id}/imu", device).then().statusCode(401);
        given().header("X-Device-Key", newKey).contentType(ContentType.JSON).body(batch)
                .post("/api/devices/{id}/imu", device).then().statusCode(200);
    }
}
