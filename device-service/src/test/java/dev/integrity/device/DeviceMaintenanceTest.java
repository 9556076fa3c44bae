package dev.integrity.device;

import dev.integrity.device.service.ImuIngestService;
import dev.integrity.platform.partition.PartitionMaintenance;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.Scrape;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partition premake, retention and the integrity report, through the admin surface. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class DeviceMaintenanceTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @ConfigProperty(name = "platform.admin-token")
    String token;

    @Inject
    DeviceConfig config;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void bothJobsAreListedAndPremakeKeepsTheHorizon() {
        given().header("Authorization", "Bearer " + token).get("/admin/jobs").then().statusCode(200)
                .body("name", hasItems("imu-partition-premake", "imu-retention"));
        given().header("Authorization", "Bearer " + token).post("/admin/jobs/imu-partition-premake/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded")).body("trigger", equalTo("admin"));
        given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200).body("ok", equalTo(true));

        // The readiness alert's series: the partitions from today on reach premake-days ahead at least.
        double coveredUntil = Scrape.now().value("platform_partitions_covered_until_timestamp_seconds", "table", "device.imu_data");
        Instant horizon = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(config.premakeDays(), ChronoUnit.DAYS);
        assertTrue(coveredUntil >= horizon.getEpochSecond(), Instant.ofEpochSecond((long) coveredUntil) + ", expected at least " + horizon);
    }

    @Test
    void retentionDropsWholeExpiredPartitionsAndIsRecorded() throws SQLException {
        Instant expired = Instant.now().minus(400, ChronoUnit.DAYS);
        String device = Samples.newDeviceId("ancient");
        String partition = partitions.ensure(ImuIngestService.IMU_DATA, expired);
        execute("INSERT INTO device.devices (device_id) VALUES ('" + device + "')");
        execute("INSERT INTO device.imu_data (device_id, ts, acc_x, acc_y, acc_z, gyro_x, gyro_y, gyro_z) "
                + "VALUES ('" + device + "', '" + expired + "', 0, 0, 9.8, 0, 0, 0)");

        given().header("Authorization", "Bearer " + token).post("/admin/jobs/imu-retention/run").then().statusCode(200)
                .body("outcome", equalTo("succeeded"))
                .body("detail.partitions", hasItems(partition));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = '" + partition + "'"));
        assertEquals(0, count("SELECT count(*) FROM device.imu_data WHERE device_id = '" + device + "'"));
        assertEquals(1, count("SELECT count(*) FROM device.job_run WHERE job = 'imu-retention' AND outcome = 'succeeded'"));
    }

    @Test
    void theIntegrityReportSeesRowsStuckInADefaultPartition() throws SQLException {
        execute("CREATE TABLE device.imu_data_default PARTITION OF device.imu_data DEFAULT");
        try {
            String device = Samples.newDeviceId("stuck");
            execute("INSERT INTO device.devices (device_id) VALUES ('" + device + "')");
            execute("INSERT INTO device.imu_data (device_id, ts, acc_x, acc_y, acc_z, gyro_x, gyro_y, gyro_z) "
                    + "VALUES ('" + device + "', '2001-01-01T00:00:00Z', 0, 0, 9.8, 0, 0, 0)");
            given().header("Authorization", "Bearer " + token).get("/admin/integrity").then().statusCode(200)
                    .body("ok", equalTo(false))
                    .body("checks.find { it.name == 'imu_data rows in a default partition' }.value", equalTo(1));
        } finally {
            execute("DROP TABLE device.imu_data_default");
        }
    }

    /** DDL the service itself may not run: as the schemas' owner. */
    private void execute(String sql) throws SQLException {
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }
}
