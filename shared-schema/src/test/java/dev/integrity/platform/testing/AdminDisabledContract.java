package dev.integrity.platform.testing;

import dev.integrity.platform.security.Roles;
import io.quarkus.test.junit.QuarkusTestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * With no admin token configured, the admin token opens nothing: {@code /admin} takes only
 * {@code platform-admin} tokens from the issuer, and anything else is a 401. Each service runs it with a
 * subclass annotated {@code @TestProfile(AdminDisabledContract.NoAdminToken.class)}.
 */
public abstract class AdminDisabledContract {

    public static class NoAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.admin-token", "");
        }
    }

    @Test
    void withoutAnAdminTokenOnlyPlatformAdminTokensOpenAdmin() {
        TestIssuer.anonymous();
        String admin = TestIssuer.bearer(TestIssuer.token("operator-on-call", Roles.PLATFORM_ADMIN));
        for (String path : new String[]{"/admin/jobs", "/admin/integrity"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
            given().header("Authorization", "Bearer test-admin-token").get(path).then().statusCode(401)
                    .contentType("application/problem+json");
            given().header("Authorization", "Bearer ").get(path).then().statusCode(401);
            given().header("Authorization", admin).get(path).then().statusCode(200);
        }
        given().post("/admin/jobs/anything/run").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", admin).post("/admin/jobs/anything/run").then().statusCode(404);
    }
}
