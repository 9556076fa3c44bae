package dev.integrity.platform.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * With no admin token configured, the admin surface is switched off: 403 for everyone, token or
 * not. Each service runs it with a subclass annotated {@code @TestProfile(AdminDisabledContract.NoAdminToken.class)}.
 */
public abstract class AdminDisabledContract {

    public static class NoAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.admin-token", "");
        }
    }

    @Test
    void everyAdminEndpointAnswers403() {
        for (String path : new String[]{"/admin/jobs", "/admin/integrity"}) {
            given().get(path).then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
            given().header("Authorization", "Bearer test-admin-token").get(path).then().statusCode(403);
        }
        given().post("/admin/jobs/anything/run").then().statusCode(403).contentType("application/problem+json");
    }
}
