package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry and the users API. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DeviceRegistryTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void registeringADeviceAnswers201WithItsKeyShownOnceAndStoredOnlyAsAHash() throws SQLException {
        String device = Samples.newDeviceId("registered");
        String key = given().contentType(ContentType.JSON)
                .body("{\"deviceId\":\"" + device + "\",\"name\":\"Left shoe\",\"settings\":{\"sampleRateHz\":100}}")
                .post("/api/devices")
                .then().statusCode(201)
                .body("id", equalTo(device)).body("deviceId", equalTo(device))
                .body("settings.sampleRateHz", equalTo(100))
                .body("autoProvisioned", equalTo(false))
                .body("apiKey", matchesPattern("[A-Za-z0-9_-]{43}"))
                .extract().path("apiKey");
        given().get("/api/devices/{id}", device).then().statusCode(200).body("apiKey", nullValue());
        assertEquals(0, count("SELECT count(*) FROM device.devices WHERE api_key_hash = ? OR settings::text LIKE '%' || ? || '%'", key, key),
                "the raw key is nowhere in the devices table");

        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices")
                .then().statusCode(409).contentType("application/problem+json").body("deviceId", equalTo(device));
    }

    @Test
    void rotatingAKeyReplacesItsHash() throws SQLException {
        String device = Samples.newDeviceId("rotate");
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices").then().statusCode(201);
        String before = hash(device);
        String newKey = given().post("/api/devices/{id}/key", device).then().statusCode(200).extract().path("apiKey");
        assertNotEquals(before, hash(device));
        assertEquals(dev.integrity.platform.admin.Secrets.sha256Hex(newKey), hash(device));
        given().post("/api/devices/{id}/key", "no-such-device").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void noRawKeyIsAnywhereInTheDatabaseOrTheLogAfterRegistrationAndRotation() throws Exception {
        String device = Samples.newDeviceId("secret");
        String first = given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}").post("/api/devices")
                .then().statusCode(201).extract().path("apiKey");
        String second = given().post("/api/devices/{id}/key", device).then().statusCode(200).extract().path("apiKey");
        // Every row of every table of the service's schema, as text.
        List<String> tables = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'device' AND table_type = 'BASE TABLE'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.contains("devices"), tables.toString());
        for (String table : tables) {
            for (String key : List.of(first, second)) {
                assertEquals(0, count("SELECT count(*) FROM device." + table + " t WHERE t::text LIKE '%' || ? || '%'", key),
                        "a raw key in device." + table);
            }
        }
        java.nio.file.Path log = java.nio.file.Path.of("target/device-service-test.log");
        String logged = java.nio.file.Files.readString(log);
        assertTrue(logged.contains("device-service"), "the test log is being written: " + log.toAbsolutePath());
        assertFalse(logged.contains(first) || logged.contains(second), "a raw key in the log");
    }

    @Test
    void patchChangesOnlyWhatWasSentAndNullClears() {
        String device = Samples.newDeviceId("patch");
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\",\"name\":\"a\",\"firmware\":\"1.0\"}")
                .post("/api/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"name\":\"b\"}").patch("/api/devices/{id}", device)
                .then().statusCode(200).body("name", equalTo("b")).body("firmware", equalTo("1.0"));
        given().contentType(ContentType.JSON).body("{\"firmware\":null,\"settings\":{\"rate\":50}}").patch("/api/devices/{id}", device)
                .then().statusCode(200).body("name", equalTo("b")).body("firmware", nullValue()).body("settings.rate", equalTo(50));
        given().contentType(ContentType.JSON).body("{\"status\":\"sleeping\"}").patch("/api/devices/{id}", device)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"userId\":987654321}").patch("/api/devices/{id}", device)
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"colour\":\"red\"}").patch("/api/devices/{id}", device)
                .then().statusCode(400).body("errors[0].field", equalTo("colour"));
    }

    @Test
    void aDisabledOrRetiredDeviceIsRefusedWith403AndRetiredIsFinal() {
        String device = Samples.newDeviceId("lifecycle");
        given().contentType(ContentType.JSON).body(Samples.json(2, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"status\":\"disabled\"}").patch("/api/devices/{id}", device)
                .then().statusCode(200).body("status", equalTo("disabled"));
        given().contentType(ContentType.JSON).body(Samples.json(2, Samples.recent().plusSeconds(5)))
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().delete("/api/devices/{id}", device).then().statusCode(204);
        given().delete("/api/devices/{id}", device).then().statusCode(204);
        given().get("/api/devices/{id}", device).then().statusCode(200).body("status", equalTo("retired"));
        given().contentType(ContentType.JSON).body("{\"status\":\"active\"}").patch("/api/devices/{id}", device)
                .then().statusCode(409).body("deviceStatus", equalTo("retired"));
        given().get("/api/devices/{id}/imu", device).then().statusCode(200).body("size()", equalTo(2));
    }

    @Test
    void devicesAreListedByStatusAndOnlinePaged() {
        String quiet = Samples.newDeviceId("quiet");
        String busy = Samples.newDeviceId("busy");
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + quiet + "\"}").post("/api/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent())).post("/api/devices/{id}/imu", busy)
                .then().statusCode(200);
        given().queryParam("online", "true").queryParam("size", 500).get("/api/devices").then().statusCode(200)
                .body("items.deviceId", hasItem(busy)).body("items.deviceId", not(hasItem(quiet)))
                .body("items.online", everyItem(equalTo(true)));
        given().queryParam("online", "false").queryParam("status", "active").queryParam("size", 500).get("/api/devices")
                .then().statusCode(200).body("items.deviceId", hasItem(quiet)).body("total", notNullValue());
        given().queryParam("status", "asleep").get("/api/devices").then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().queryParam("size", 0).get("/api/devices").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void usersAndTheirHealthInfo() {
        String email = "walker-" + UUID.randomUUID() + "@example.org";
        int id = given().contentType(ContentType.JSON).body("{\"name\":\"Min-jun\",\"email\":\"" + email + "\"}")
                .post("/api/users").then().statusCode(201).body("name", equalTo("Min-jun")).extract().path("id");
        given().contentType(ContentType.JSON).body("{\"name\":\"Other\",\"email\":\"" + email.toUpperCase() + "\"}")
                .post("/api/users").then().statusCode(409).body("email", equalTo(email.toUpperCase()));
        given().contentType(ContentType.JSON)
                .body("{\"heightCm\":172.5,\"weightKg\":68,\"birthYear\":1990,\"sex\":\"male\",\"notes\":\"left knee\"}")
                .put("/api/users/{id}/health", id).then().statusCode(200).body("health.heightCm", equalTo(172.5f));
        given().get("/api/users/{id}", id).then().statusCode(200).body("health.birthYear", equalTo(1990));
        given().contentType(ContentType.JSON).body("{\"heightCm\":5000}").put("/api/users/{id}/health", id)
                .then().statusCode(400).body("errors[0].field", equalTo("heightCm"));
        given().get("/api/users/{id}", 99_999_999).then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"email\":\"x@example.org\"}").post("/api/users")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));

        String device = Samples.newDeviceId("owned");
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\",\"userId\":" + id + "}").post("/api/devices")
                .then().statusCode(201).body("userId", equalTo(id));
        given().contentType(ContentType.JSON).body("{\"deviceId\":\"" + Samples.newDeviceId("x") + "\",\"userId\":123456789}")
                .post("/api/devices").then().statusCode(404);
    }

    private String hash(String device) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT api_key_hash FROM device.devices WHERE device_id = ?")) {
            ps.setString(1, device);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long count(String sql, String... values) throws SQLException {
        return Counts.of(dataSource, sql, (Object[]) values);
    }
}
