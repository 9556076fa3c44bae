package dev.integrity.platform.testing;

import io.agroal.api.AgroalDataSource;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service answers from day one, whatever its domain: health with a database check,
 * OpenAPI, Prometheus metrics, the admin surface behind its token, the problem+json contract, and
 * its own migrations in its own schema. Each service runs it with a one-line subclass.
 */
public abstract class PlatformSurfaceContract {

    @Inject
    protected AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20")
    int poolSize;

    @ConfigProperty(name = "platform.admin-token")
    protected String adminToken;

    /** The service's Flyway default schema, where its history and job runs live. */
    protected abstract String schema();

    /** A path under the service's own /api prefix that matches no resource. */
    protected abstract String unknownApiPath();

    /**
     * The README lists every configuration key (its "Configuration" section): each key of the
     * platform's and this service's own {@code @ConfigMapping}s that this application knows, by
     * name, with the {@code platform.} prefix and the service's.
     */
    @Test
    void everyConfigurationKeyOfThePlatformAndTheServiceIsInTheReadme() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        String ownPrefix = schemaPrefix();
        java.util.List<String> missing = new java.util.ArrayList<>();
        int keys = 0;
        int own = 0;
        for (String name : org.eclipse.microprofile.config.ConfigProvider.getConfig().getPropertyNames()) {
            boolean ours = name.startsWith("platform.") || (ownPrefix != null && name.startsWith(ownPrefix));
            // platform.quarkus.* are the Quarkus BOM's own platform properties; platform.test.* the tests'.
            if (!ours || name.startsWith("platform.quarkus.") || name.startsWith("platform.test.")) {
                continue;
            }
            keys++;
            own += ownPrefix != null && name.startsWith(ownPrefix) ? 1 : 0;
            if (!readme.contains("`" + name + "`")) {
                missing.add(name);
            }
        }
        assertTrue(keys - own >= 5, "found the platform's keys: " + (keys - own));
        assertTrue(ownPrefix == null || own >= 3, "found the service's own keys: " + own);
        assertEquals(java.util.List.of(), missing.stream().sorted().toList(), "keys the README does not list");
    }

    /** The prefix of this service's own configuration ({@code device.}, {@code chat.}...), or null for none. */
    protected String schemaPrefix() {
        return null;
    }

    /**
     * A path crafted to forge a log line: CR LF and a fake entry, URL-encoded. The refused token is
     * logged with the path, which must come out as one line with the CR LF written as {@code \r\n}.
     */
    @Test
    void aCraftedPathCannotForgeALogLine() {
        java.util.logging.Logger mappers = java.util.logging.Logger.getLogger("dev.integrity.platform.error.ProblemMappers");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Level level = mappers.getLevel();
        mappers.setLevel(java.util.logging.Level.FINE);
        mappers.addHandler(capture);
        try {
            given().urlEncodingEnabled(false).header("Authorization", "Bearer not-a-token")
                    .post("/admin/jobs/x%0D%0A2026-12-02%2000:00:00,000%20INFO%20%20%5Bforged%5D%20(main)%20all%20is%20well/run")
                    .then().statusCode(401);
        } finally {
            mappers.removeHandler(capture);
            mappers.setLevel(level);
        }
        String refused = lines.stream().filter(l -> l.contains("bearer token was refused")).findFirst()
                .orElseThrow(() -> new AssertionError("the refused token was not logged: " + lines));
        assertTrue(refused.contains("\\r\\n2026-12-02 00:00:00,000 INFO  [forged]"), refused);
        assertTrue(refused.indexOf('\r') < 0 && refused.indexOf('\n') < 0, refused);
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void readinessIsUpAndIncludesTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void openApiDocumentIsServed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths", notNullValue());
    }

    @Test
    void prometheusMetricsAreServed() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(text.contains("# TYPE jvm_"), "Prometheus text format with JVM metrics");
        Scrape metrics = Scrape.parse(text);
        // Every maintenance job has its series from the start: runs by outcome, and its last success.
        List<String> jobs = given().header("Authorization", "Bearer " + adminToken).get("/admin/jobs").then().statusCode(200)
                .extract().jsonPath().getList("name", String.class);
        assertTrue(!jobs.isEmpty(), "the service registers maintenance jobs");
        for (String job : jobs) {
            for (String outcome : List.of("succeeded", "failed", "skipped")) {
                assertTrue(metrics.value("platform_job_runs_total", "job_name", job, "outcome", outcome) >= 0);
            }
            metrics.value("platform_job_last_success_timestamp_seconds", "job_name", job);
        }
        // The database's unmapped refusals by kind, and the pool's use against its ceiling, from the start.
        for (String kind : List.of("unavailable", "foreign_key_violation", "missing_partition", "unique_violation",
                "exclusion_violation", "check_violation", "not_null_violation", "data_exception", "other")) {
            assertTrue(metrics.value("platform_database_errors_total", "kind", kind) >= 0);
        }
        assertEquals(poolSize, metrics.value("platform_datasource_max_size", "datasource", "default"));
        assertTrue(metrics.value("agroal_active_count", "datasource", "default") >= 0);
        assertTrue(metrics.value("agroal_awaiting_count", "datasource", "default") >= 0);
    }

    /**
     * Every maintenance job runs when its CronJob calls it, and succeeds on the service as the tests
     * left it (in-process schedules are off under test, so no other run holds its lock). A job that
     * only the scheduler ever ran would otherwise fail first in production (matching's nightly
     * pipeline did: its query compared an enum column with the enum's name).
     */
    @Test
    void everyMaintenanceJobRunsOnDemandAndSucceeds() {
        List<String> jobs = given().header("Authorization", "Bearer " + adminToken).get("/admin/jobs").then().statusCode(200)
                .extract().jsonPath().getList("name", String.class);
        for (String job : jobs) {
            given().header("Authorization", "Bearer " + adminToken).post("/admin/jobs/{name}/run", job).then()
                    .statusCode(200).body("job", equalTo(job)).body("outcome", equalTo("succeeded"));
        }
    }

    @Test
    void adminRequiresTheBearerToken() {
        given().get("/admin/jobs").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().header("Authorization", "Bearer not-the-token").get("/admin/jobs").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + adminToken).get("/admin/jobs").then().statusCode(200);
        given().header("Authorization", "Bearer " + adminToken).get("/admin/integrity").then().statusCode(200)
                .body("ok", notNullValue());
    }

    @Test
    void anUnknownPathIsAProblemDocument() {
        given().get(unknownApiPath()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", startsWith("urn:integrity:problem:"))
                .body("title", equalTo("Not Found"))
                .body("status", equalTo(404))
                .body("detail", notNullValue());
    }

    @Test
    void anUnsupportedMethodIsAProblemDocument() {
        given().header("Authorization", "Bearer " + adminToken).delete("/admin/integrity").then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405))
                .body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void migrationsRanIntoTheServicesOwnSchemaAndHistoryTable() throws SQLException {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeQuery("SELECT count(*) FROM " + schema() + ".flyway_schema_history"));
            assertEquals("42501", refused.getSQLState(), "the history is the owner's, not the app role's to read or write");
        }
        try (Connection c = PlatformTestResource.owner();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success) "
                             + "FROM " + schema() + ".flyway_schema_history WHERE type = 'SQL'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertTrue(rs.getInt(1) >= 1, "at least the platform primitives were applied");
            assertEquals(0, rs.getInt(2), "no failed migration");
        }
        RestAssured.given().header("Authorization", "Bearer " + adminToken).get("/admin/jobs").then().statusCode(200);
    }
}
