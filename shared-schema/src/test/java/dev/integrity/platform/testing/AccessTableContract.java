package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/security.md's access table against the service's live OpenAPI document: every operation has
 * exactly one row and every row an operation, so a new operation without an entry fails the build;
 * and every caller (nobody, each role, a signed-in user with no role, the admin token) gets exactly
 * what its row says: through, 401 or 403. Each service runs it with a one-line subclass.
 */
public abstract class AccessTableContract {

    @ConfigProperty(name = "quarkus.application.name")
    protected String service;

    @ConfigProperty(name = "platform.admin-token")
    protected String adminToken;

    @Test
    void everyOperationHasExactlyOneRowAndEveryCallerGetsWhatItSays() {
        String base = "http://localhost:" + RestAssured.port;
        JsonNode openapi = AccessTable.openapi(base);
        AccessTable table = AccessTable.of(service);
        assertEquals(List.of(), table.mismatches(openapi), "docs/security.md and the OpenAPI document of " + service);
        List<AccessTable.Finding> findings = table.walk(base, openapi,
                role -> TestIssuer.bearer(role == null ? TestIssuer.tokenOfSomeone() : TestIssuer.tokenOfSomeone(role)), adminToken);
        int requests = table.rules().size() * 12;
        System.out.printf("%s access table: %d operations, about %d requests, %d against the table%n",
                service, table.rules().size(), requests, findings.size());
        assertTrue(findings.isEmpty(), String.join("\n", findings.stream().map(Object::toString).toList()));
    }
}
