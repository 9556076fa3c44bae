package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The README's "a PostgreSQL you already run": only the datasource's URL, user and password, one
 * role for everything. The service once refused to start so (SRCFG00040: the empty app role made
 * an empty Flyway placeholder); now it migrates, and ingests and exports as it does with two roles.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.OneRole.class)
class OneRoleTest {

    @Test
    void theServiceStartsMigratesAndIngestsWithOneRoleForEverything() {
        String device = Samples.newDeviceId("one-role");
        given().contentType(ContentType.JSON).body(Samples.json(5, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(5));
        TestIssuer.authorize("one-role-operator", Roles.DEVICE_OPERATOR);
        try {
            given().get("/api/devices/{id}/imu", device).then().statusCode(200).body("size()", equalTo(5));
        } finally {
            TestIssuer.anonymous();
        }
    }
}
