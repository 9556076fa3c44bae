package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.integrity.platform.testing.TestIssuer.bearer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Who may touch a device and its data (docs/security.md): a stranger cannot rotate a key, register
 * or re-activate a device, or read its samples; a signed-in person reads only the devices assigned
 * to them and only their own health info; bad tokens are 401s that name nothing of the token.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DeviceAccessTest {

    private static final String OPERATOR = TestIssuer.token("operator-1", Roles.DEVICE_OPERATOR);

    @BeforeEach
    void noDefaultToken() {
        TestIssuer.anonymous();
    }

    @Test
    void aStrangerCannotRotateRegisterReactivateOrReadADevice() {
        String device = registered();
        String stranger = TestIssuer.tokenOfSomeone();
        for (String authorization : new String[]{null, bearer(stranger)}) {
            int expected = authorization == null ? 401 : 403;
            var request = authorization == null ? given() : given().header("Authorization", authorization);
            request.post("/api/devices/{id}/key", device).then().statusCode(expected).contentType("application/problem+json");
            request = authorization == null ? given() : given().header("Authorization", authorization);
            request.contentType(ContentType.JSON).body("{\"deviceId\":\"" + Samples.newDeviceId("stranger") + "\"}").post("/api/devices")
                    .then().statusCode(expected);
            request = authorization == null ? given() : given().header("Authorization", authorization);
            request.contentType(ContentType.JSON).body("{\"status\":\"active\"}").patch("/api/devices/{id}", device).then().statusCode(expected);
        }
        // Signed in but not the device's person: its samples, gait and the device itself do not exist for them.
        given().header("Authorization", bearer(stranger)).get("/api/devices/{id}/imu", device).then().statusCode(404);
        given().header("Authorization", bearer(stranger)).get("/api/devices/{id}/gait", device).then().statusCode(404);
        given().header("Authorization", bearer(stranger)).get("/api/devices/{id}", device).then().statusCode(404);
        given().get("/api/devices/{id}/imu", device).then().statusCode(401).header("WWW-Authenticate", "Bearer");
    }

    @Test
    void aPersonReadsTheDevicesAssignedToThemAndOnlyTheirOwnHealthInfo() {
        String subject = "walker-" + System.nanoTime();
        String person = TestIssuer.token(subject);
        long me = ((Number) given().header("Authorization", bearer(person)).get("/api/users/me")
                .then().statusCode(200).body("subject", equalTo(subject)).extract().path("id")).longValue();
        given().header("Authorization", bearer(person)).get("/api/users/me").then().statusCode(200).body("id", equalTo((int) me));

        String mine = registered();
        given().header("Authorization", bearer(OPERATOR)).contentType(ContentType.JSON).body("{\"userId\":" + me + "}")
                .patch("/api/devices/{id}", mine).then().statusCode(200);
        String theirs = registered();

        given().header("Authorization", bearer(person)).get("/api/devices/{id}", mine).then().statusCode(200);
        given().header("Authorization", bearer(person)).get("/api/devices/{id}/gait", mine).then().statusCode(200);
        given().header("Authorization", bearer(person)).accept("text/csv").get("/api/devices/{id}/imu", mine).then().statusCode(200);
        given().header("Authorization", bearer(person)).get("/api/devices/{id}/imu", theirs).then().statusCode(404);
        given().header("Authorization", bearer(person)).get("/api/devices").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].deviceId", equalTo(mine));

        given().header("Authorization", bearer(person)).contentType(ContentType.JSON).body("{\"heightCm\":172.5}")
                .put("/api/users/{id}/health", me).then().statusCode(200).body("health.heightCm", equalTo(172.5f));
        long other = ((Number) given().header("Authorization", bearer(OPERATOR)).contentType(ContentType.JSON)
                .body("{\"name\":\"someone else\"}").post("/api/users").then().statusCode(201).extract().path("id")).longValue();
        given().header("Authorization", bearer(person)).get("/api/users/{id}", other).then().statusCode(404);
        given().header("Authorization", bearer(person)).contentType(ContentType.JSON).body("{\"heightCm\":150}")
                .put("/api/users/{id}/health", other).then().statusCode(404);
        given().header("Authorization", bearer(OPERATOR)).get("/api/users/{id}", other).then().statusCode(200).body("health", equalTo(null));
    }

    @Test
    void concurrentFirstRequestsOfOneSubjectLeaveOneUser() throws Exception {
        String subject = "first-" + System.nanoTime();
        String token = TestIssuer.token(subject);
        List<java.util.concurrent.CompletableFuture<Integer>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().header("Authorization", bearer(token))
                    .get("/api/users/me").then().statusCode(200).extract().path("id")));
        }
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (var call : calls) {
            ids.add(call.get());
        }
        org.junit.jupiter.api.Assertions.assertEquals(1, ids.size(), "one user for one subject: " + ids);
    }

    @Test
    void expiredForeignSignedForeignIssuedAndSubjectlessTokensAre401AndNeverLogged() throws Exception {
        List<String> refused = List.of(
                TestIssuer.expiredToken("operator-1", Roles.DEVICE_OPERATOR),
                TestIssuer.foreignSignedToken("operator-1", Roles.DEVICE_OPERATOR),
                TestIssuer.foreignIssuerToken("operator-1", Roles.DEVICE_OPERATOR),
                TestIssuer.tokenWithoutSubject(Roles.DEVICE_OPERATOR),
                "not-a-jwt-" + java.util.UUID.randomUUID());
        for (String token : refused) {
            given().header("Authorization", bearer(token)).get("/api/devices").then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                    .body("status", equalTo(401));
        }
        given().header("Authorization", bearer(TestIssuer.keycloakStyleToken("operator-2", Roles.DEVICE_OPERATOR)))
                .get("/api/devices").then().statusCode(200);
        String log = Files.readString(Path.of("target/device-service-test.log"));
        for (String token : refused) {
            assertFalse(log.contains(token), "a refused token was logged");
        }
    }

    /** A verified token is remembered (VerifiedTokens), but never past its own expiry. */
    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
        String token = bearer(TestIssuer.tokenValidFor(java.time.Duration.ofSeconds(3), "short-lived", Roles.DEVICE_OPERATOR));
        given().header("Authorization", token).get("/api/devices").then().statusCode(200);
        given().header("Authorization", token).get("/api/devices").then().statusCode(200);
        Thread.sleep(4_000);
        given().header("Authorization", token).get("/api/devices").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }

    @Test
    void theAdminTokenOpensAdminAndNothingUnderApi() {
        given().header("Authorization", "Bearer test-admin-token").get("/admin/jobs").then().statusCode(200);
        given().header("Authorization", bearer(TestIssuer.token("admin-1", Roles.PLATFORM_ADMIN))).get("/admin/jobs").then().statusCode(200);
        given().header("Authorization", "Bearer test-admin-token").get("/api/devices").then().statusCode(401);
        given().header("Authorization", bearer(OPERATOR)).get("/admin/jobs").then().statusCode(403);
        given().get("/admin/jobs").then().statusCode(401);
    }

    @Test
    void credentialsAreCheckedBeforeTheBodyIsRead() {
        given().contentType(ContentType.JSON).body("{not json").post("/api/devices").then().statusCode(401);
        given().header("Authorization", bearer(TestIssuer.tokenOfSomeone())).contentType(ContentType.JSON).body("{not json")
                .post("/api/devices").then().statusCode(403);
    }

    private static String registered() {
        String device = Samples.newDeviceId("owned");
        given().header("Authorization", bearer(OPERATOR)).contentType(ContentType.JSON).body("{\"deviceId\":\"" + device + "\"}")
                .post("/api/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Samples.json(20, Samples.recent()))
                .post("/api/devices/{id}/imu", device).then().statusCode(200);
        return device;
    }
}
