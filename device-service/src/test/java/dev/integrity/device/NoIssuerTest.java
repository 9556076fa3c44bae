package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Secure by default, never open by default: with neither an issuer nor a public key configured,
 * the service starts, says so in one WARN line, and answers every operation that needs a caller
 * with 401, whatever token is sent; sensors' ingestion, which needs none, goes on.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.WithoutIssuer.class)
class NoIssuerTest {

    @BeforeEach
    void noDefaultToken() {
        TestIssuer.anonymous();
    }

    @Test
    void withNoIssuerEveryProtectedOperationIs401AndTheServiceSaysSo() throws Exception {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/api/devices").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", TestIssuer.bearer(TestIssuer.token("operator", Roles.DEVICE_OPERATOR)))
                .get("/api/devices").then().statusCode(401).body("status", equalTo(401));
        given().header("Authorization", TestIssuer.bearer(TestIssuer.token("admin", Roles.PLATFORM_ADMIN)))
                .get("/admin/jobs").then().statusCode(401);
        given().header("Authorization", "Bearer test-admin-token").get("/admin/jobs").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Samples.json(5, Samples.recent()))
                .post("/api/devices/{id}/imu", Samples.newDeviceId("no-issuer")).then().statusCode(200).body("accepted", equalTo(5));
        // Logged by this JVM's application (the file outlives test runs): at WARN, after this JVM started.
        LocalDateTime started = LocalDateTime.ofInstant(Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()),
                ZoneId.systemDefault()).withNano(0);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        long warnings = Files.readAllLines(Path.of("target/device-service-test.log")).stream()
                .filter(line -> line.contains("WARN") && line.contains("no token issuer is configured"))
                .filter(line -> !LocalDateTime.parse(line.substring(0, 19), format).isBefore(started))
                .count();
        assertEquals(1, warnings, "one WARN line says so");
    }
}
