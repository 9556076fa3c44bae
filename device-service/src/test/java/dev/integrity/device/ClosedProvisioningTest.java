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
import static org.hamcrest.Matchers.equalTo;

/** Closed provisioning: only registered devices, each with its own key. */
@QuarkusTest
@TestProfile(ClosedProvisioningTest.ClosedMode.class)
@WithTestResource(PlatformTestResource.class)
class ClosedProvisioningTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    public static class ClosedMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("device.provisioning", "closed");
        }
    }


    @Test
    void anUnknownDeviceIs404AndARegisteredOneSendsWithItsKey() {
        String device = Samples.newDeviceId("stranger");
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("device " + device + " is not registered"));
        given().get("/api/devices/{id}", device).then().statusCode(404);

        String key = given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices")
                .then().statusCode(201).extract().path("apiKey");
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(401);
        given().header("X-Device-Key", key).contentType(ContentType.JSON).body(Samples.json(1, Samples.recent()))
                .post("/api/devices/{id}/imu", device).then().statusCode(200).body("accepted", equalTo(1));
    }

    /** The cheap checks come first: a stranger's body is refused for its headers, never parsed (issue 14). */
    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() {
        String device = Samples.newDeviceId("keyed");
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices").then().statusCode(201);
        String hostile = "ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n2026-01-01T00:00:00Z," + "1".repeat(20_000) + "x,1,1,1,1,1\n";
        given().contentType("text/csv").body(hostile).post("/api/devices/{id}/imu", device)
                .then().statusCode(401).contentType("application/problem+json");
        given().header("X-Device-Key", "not-the-key").contentType(ContentType.JSON).body("[{not json")
                .post("/api/devices/{id}/imu", device).then().statusCode(401);
        given().contentType(ContentType.JSON).body("[{not json").post("/api/devices/{id}/imu", Samples.newDeviceId("unknown"))
                .then().statusCode(404);
    }
}
