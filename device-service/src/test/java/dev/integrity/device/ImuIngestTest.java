package dev.integrity.device;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.Scrape;
import dev.integrity.platform.testing.TestIssuer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingestion in open provisioning mode: the seed's failures, made impossible. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuIngestTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theFirstSampleOfAnUnknownDeviceCreatesTheDeviceInsteadOfFailingWith23503() throws SQLException {
        String device = Samples.newDeviceId("raspberry_pi");
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent()))
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(0));

        given().get("/api/devices/{id}", device).then().statusCode(200)
                .body("deviceId", equalTo(device))
                .body("autoProvisioned", equalTo(true))
                .body("status", equalTo("active"))
                .body("online", equalTo(true));
        assertEquals(1, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    @Test
    void fiftyConcurrentFirstBatchesFromOneNewDeviceAllSucceedAndLeaveOneDeviceRow() throws Exception {
        String device = Samples.newDeviceId("burst");
        Instant start = Samples.recent();
        int requests = 50;
        CyclicBarrier together = new CyclicBarrier(requests);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            String body = Samples.json(20, start.plusSeconds(r));   // disjoint samples per request
            calls.add(() -> {
                together.await(30, TimeUnit.SECONDS);
                return given().contentType(ContentType.JSON).body(body).post("/api/devices/{id}/imu", device).statusCode();
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            for (Future<Integer> status : pool.invokeAll(calls, 120, TimeUnit.SECONDS)) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM device.devices WHERE device_id = ?", device));
        assertEquals(requests * 20, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    @Test
    void reSendingABatchCountsEverySampleAsADuplicateAndStoresNothingNew() throws SQLException {
        String device = Samples.newDeviceId("resend");
        String batch = Samples.json(250, Samples.recent());
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(250)).body("duplicates", equalTo(0));
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(250));
        assertEquals(250, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    @Test
    void aSampleRepeatedInsideOneBatchIsCountedOnceAsADuplicate() {
        String device = Samples.newDeviceId("twice");
        String one = Samples.json(1, Samples.recent());
        String batch = "[" + one.substring(1, one.length() - 1) + "," + one.substring(1);
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
    }

    @Test
    void oneBadSampleRejectsItsWholeBatchNamingTheSampleAndFieldAndStoresNothing() throws SQLException {
        String device = Samples.newDeviceId("bad");
        String good = Samples.json(10, Samples.recent());
        String[] bad = {
                good.replaceFirst("(\\{\"ts\":\"[^\"]+\",\"accX\":[^,]+,\"accY\":)([^,]+)", "$1NaN"),
                good.replaceFirst("(\\{\"ts\":\"[^\"]+\",\"accX\":[^,]+,\"accY\":)([^,]+)", "$1\"1.5\""),
                good.replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"yesterday\""),
        };
        for (String body : bad) {
            given().contentType(ContentType.JSON).body(body).post("/api/devices/{id}/imu", device)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(containsString("[0].")))
                    .body("detail", containsString("nothing from this batch was stored"));
        }
        String missingTs = good.replaceFirst("\"ts\":\"[^\"]+\",", "");
        given().contentType(ContentType.JSON).body(missingTs).post("/api/devices/{id}/imu", device)
                .then().statusCode(400).body("errors[0].field", equalTo("[0].ts"));
        // The bad sample is the last of ten: the nine good ones before it are not kept either.
        String lastBad = good.substring(0, good.lastIndexOf("\"accZ\":")) + "\"accZ\":Infinity"
                + good.substring(good.indexOf(',', good.lastIndexOf("\"accZ\":")));
        given().contentType(ContentType.JSON).body(lastBad).post("/api/devices/{id}/imu", device)
                .then().statusCode(400).body("errors[0].field", equalTo("[9].accZ"));
        assertEquals(0, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
        assertEquals(0, count("SELECT count(*) FROM device.devices WHERE device_id = ?", device),
                "a refused batch does not even create its device");
    }

    @Test
    void aSampleThirtyDaysOldIsStoredInAPartitionCreatedOnDemand() throws SQLException {
        String device = Samples.newDeviceId("history");
        Instant old = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        given().contentType(ContentType.JSON).body(Samples.json(5, old)).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(5));
        assertEquals(5, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    @Test
    void samplesOutsideRetentionOrTwoDaysAheadAre400NamingTheWindowAndCreateNoPartition() throws SQLException {
        String device = Samples.newDeviceId("outofrange");
        long partitionsBefore = Counts.of(dataSource, "SELECT count(*) FROM device.partition_list('device.imu_data')");
        Instant now = Instant.now();
        for (Instant outside : List.of(now.minus(400, ChronoUnit.DAYS), now.plus(2, ChronoUnit.DAYS),
                Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("1900-06-01T00:00:00Z"))) {
            String message = given().contentType(ContentType.JSON).body(Samples.json(1, outside)).post("/api/devices/{id}/imu", device)
                    .then().statusCode(400).body("errors[0].field", equalTo("[0].ts")).extract().path("errors[0].message");
            Matcher window = Pattern
                    .compile("must lie between (\\S+) and (\\S+) \\(the retention of 365 days back, PT24H ahead\\)").matcher(message);
            assertTrue(window.matches(), message);
            Instant from = Instant.parse(window.group(1));
            Instant to = Instant.parse(window.group(2));
            assertTrue(Math.abs(Duration.between(now.minus(365, ChronoUnit.DAYS), from).toSeconds()) < 60, message);
            assertTrue(Math.abs(Duration.between(now.plus(1, ChronoUnit.DAYS), to).toSeconds()) < 60, message);
        }
        assertEquals(partitionsBefore, Counts.of(dataSource, "SELECT count(*) FROM device.partition_list('device.imu_data')"));
        assertEquals(0, count("SELECT count(*) FROM device.devices WHERE device_id = ?", device));
    }

    @Test
    void ndjsonAndCsvCarryTheSameSamples() throws SQLException {
        String device = Samples.newDeviceId("formats");
        Instant t = Samples.recent();
        String ndjson = "{\"ts\":\"" + t + "\",\"accX\":1,\"accY\":2,\"accZ\":3,\"gyroX\":4,\"gyroY\":5,\"gyroZ\":6}\n"
                + "{\"ts\":\"" + t.plusMillis(10) + "\",\"accX\":1,\"accY\":2,\"accZ\":3,\"gyroX\":4,\"gyroY\":5,\"gyroZ\":6,\"magX\":7,\"magY\":8,\"magZ\":9}\n";
        given().contentType("application/x-ndjson").body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(2));
        String csv = "ts,acc_x,acc_y,acc_z,gyro_x,gyro_y,gyro_z,mag_x,mag_y,mag_z\n"
                + t.plusMillis(20) + ",1,2,3,4,5,6,,,\n"
                + t.plusMillis(10) + ",1,2,3,4,5,6,7,8,9\n";
        given().contentType("text/csv").body(csv).post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(1)).body("duplicates", equalTo(1));
        given().contentType("text/csv").body("ts,accX\n" + t + ",1\n").post("/api/devices/{id}/imu", device)
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(3, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    @Test
    void aBatchOfNoSampleIs400AndProvisionsNothing() throws SQLException {
        String device = Samples.newDeviceId("empty");
        given().contentType(ContentType.JSON).body("[]").post("/api/devices/{id}/imu", device)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("the batch holds no sample; send at least one"));
        given().contentType("text/csv").body("ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n").post("/api/devices/{id}/imu", device)
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, count("SELECT count(*) FROM device.devices WHERE device_id = ?", device), "an empty batch provisions no device");
    }

    @Test
    void aBatchOverTheLimitIs413() {
        String device = Samples.newDeviceId("huge");
        given().contentType(ContentType.JSON).body(Samples.json(10_001, Samples.recent()))
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(413).contentType("application/problem+json").body("maxBatch", equalTo(10_000));
        given().contentType(ContentType.JSON).body(Samples.json(10_000, Samples.recent()))
                .post("/api/devices/{id}/imu", device)
                .then().statusCode(200).body("accepted", equalTo(10_000));
    }

    @Test
    void malformedBodiesAndWrongMediaTypesAreProblems() {
        String device = Samples.newDeviceId("junk");
        for (String body : new String[]{"", "{", "[1,2]", "\"text\"", "{\"ts\":{\"a\":1}}", "[[[[[[[[[[[[]]]]]]]]]]]]"}) {
            given().contentType(ContentType.JSON).body(body).post("/api/devices/{id}/imu", device)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().contentType("application/xml").body("<a/>").post("/api/devices/{id}/imu", device)
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent()))
                .post("/api/devices/{id}/imu", "not a valid id!")
                .then().statusCode(400).body("errors[0].field", equalTo("deviceId"));
    }

    @Test
    void ingestionIsMeasured() {
        String device = Samples.newDeviceId("metrics");
        String batch = Samples.json(3, Samples.recent());
        Scrape before = Scrape.now();
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device).then().statusCode(200);
        given().contentType(ContentType.JSON).body(batch).post("/api/devices/{id}/imu", device).then().statusCode(200);
        given().contentType(ContentType.JSON).body("[{\"ts\":\"yesterday\"}]").post("/api/devices/{id}/imu", device)
                .then().statusCode(400);
        given().contentType(ContentType.JSON).body(Samples.json(1, Samples.recent())).post("/api/devices/{id}/imu", "-bad")
                .then().statusCode(400);
        Scrape after = Scrape.now();
        // The same batch twice: the second is all duplicates.
        assertEquals(before.value("device_imu_samples_total", "outcome", "accepted") + 3, after.value("device_imu_samples_total", "outcome", "accepted"));
        assertEquals(before.value("device_imu_samples_total", "outcome", "duplicate") + 3, after.value("device_imu_samples_total", "outcome", "duplicate"));
        assertEquals(before.value("device_imu_batches_rejected_total", "reason", "invalid") + 2,
                after.value("device_imu_batches_rejected_total", "reason", "invalid"));
        assertEquals(before.value("device_provisioned_total", "mode", "open") + 1, after.value("device_provisioned_total", "mode", "open"));
        for (String reason : List.of("too_large", "unauthorized", "unavailable", "error")) {
            assertEquals(before.value("device_imu_batches_rejected_total", "reason", reason),
                    after.value("device_imu_batches_rejected_total", "reason", reason), reason);
        }
        assertTrue(after.sum("device_imu_ingest_seconds_count") >= before.sum("device_imu_ingest_seconds_count") + 2);
    }

    /**
     * A sensor that loses its connection halfway through a batch: nothing of it is stored, and it is
     * no error of ours (no ERROR in the log, no 500), whether its body had a length or was chunked,
     * and whether the connection ended cleanly or was dropped.
     */
    @Test
    void aClientThatGoesAwayMidBodyStoresNothingAndLogsNoError() throws Exception {
        Path log = Path.of("target/device-service-test.log");
        long logged = Files.size(log);
        byte[] half = Samples.json(200, Samples.recent()).substring(0, 9_000).getBytes(StandardCharsets.UTF_8);
        List<String> devices = new ArrayList<>();
        for (boolean dropped : new boolean[]{false, true}) {
            for (boolean chunked : new boolean[]{false, true}) {
                String device = Samples.newDeviceId("gone");
                devices.add(device);
                String head = "POST /api/devices/" + device + "/imu HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(half.length) + "\r\n"
                        : "Content-Length: 100000\r\n\r\n");
                String answer = sendHalf(head, half, dropped);
                if (!dropped) {
                    // A client that shut its side may read an answer: a 4xx for the cut-off body, or none.
                    assertTrue(answer.equals("(closed)") || answer.matches("HTTP/1\\.1 4\\d\\d .*"), answer);
                }
            }
        }
        // The same for a body bound to a class (a user), cut off and dropped.
        String user = Samples.newDeviceId("gone-user");
        sendHalf("POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
                        + "Authorization: " + TestIssuer.bearer(TestIssuer.token("gone-operator", Roles.DEVICE_OPERATOR)) + "\r\n\r\n",
                ("{\"name\":\"" + user + "\",\"email\":\"").getBytes(StandardCharsets.UTF_8), true);
        // A dropped connection gives no answer to wait for: watch what the service logs for a while instead.
        long until = System.currentTimeMillis() + 2_000;
        List<String> errors = List.of();
        while (errors.isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            errors = linesSince(log, logged).stream().filter(line -> line.contains(" ERROR ")).toList();
        }
        assertEquals(List.of(), errors, "what the service logged at ERROR while the clients went away");
        for (String device : devices) {
            assertEquals(0, count("SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
            assertEquals(0, count("SELECT count(*) FROM device.devices WHERE device_id = ?", device), "no device made for " + device);
        }
        assertEquals(0, count("SELECT count(*) FROM device.users WHERE name = ?", user), "no user made of a cut-off body");
    }

    private static List<String> linesSince(Path log, long offset) throws java.io.IOException {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(offset, Files.size(log)));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * Sends the head and part of a body, then ends the connection: cleanly (its side shut, the
     * server's answer read) or dropped. Returns the answer's status line, if there was one.
     */
    private static String sendHalf(String head, byte[] part, boolean dropped) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(part);
            socket.getOutputStream().flush();
            if (dropped) {
                socket.setSoLinger(true, 0);   // a reset, as when a sensor loses its network
                return "(dropped)";
            }
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.isEmpty() ? "(closed)" : answer.lines().findFirst().orElse("");
        }
    }

    private long count(String sql, String device) throws SQLException {
        return Counts.of(dataSource, sql, device);
    }
}
