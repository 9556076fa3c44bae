package dev.integrity.device;

import dev.integrity.device.service.ImuReadService;
import dev.integrity.platform.error.BusyProblem;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.TestIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading samples back: the CSV/JSON export and the gait summary. */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuExportAndGaitTest {

    @BeforeEach
    void signIn() {
        TestIssuer.authorize("device-operator-tests", Roles.DEVICE_OPERATOR);
    }

    @Test
    void aCsvExportRoundTripsTheRows() {
        String source = Samples.newDeviceId("export");
        String copy = Samples.newDeviceId("reimport");
        Instant start = Samples.recent();
        given().contentType(ContentType.JSON).body(Samples.json(500, start)).post("/api/devices/{id}/imu", source)
                .then().statusCode(200).body("accepted", equalTo(500));

        String csv = given().queryParam("format", "csv").get("/api/devices/{id}/imu", source)
                .then().statusCode(200).contentType(containsCsv()).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals("ts,accX,accY,accZ,gyroX,gyroY,gyroZ,magX,magY,magZ", lines[0]);
        assertEquals(501, lines.length);
        assertTrue(lines[1].startsWith(start.toString().replace("Z", "")), "ts order, from the first sample: " + lines[1]);

        given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).post("/api/devices/{id}/imu", copy)
                .then().statusCode(200).body("accepted", equalTo(500));
        String again = given().queryParam("format", "csv").get("/api/devices/{id}/imu", copy).then().statusCode(200).extract().asString();
        assertEquals(csv, again, "export, import, export: the same bytes");
        assertEquals(csv, given().accept("text/csv").get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(containsCsv()).extract().asString(), "Accept: text/csv chooses CSV without format=csv");
        given().accept("application/json, text/csv;q=0.5").get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(ContentType.JSON);

        String json = given().get("/api/devices/{id}/imu", source).then().statusCode(200)
                .contentType(ContentType.JSON).body("size()", equalTo(500)).extract().asString();
        given().contentType(ContentType.JSON).body(json).post("/api/devices/{id}/imu", copy)
                .then().statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(500));

        given().queryParam("from", start.plusSeconds(1).toString()).queryParam("to", start.plusSeconds(2).toString())
                .get("/api/devices/{id}/imu", source).then().statusCode(200).body("size()", equalTo(100));
        given().queryParam("from", "last tuesday").get("/api/devices/{id}/imu", source)
                .then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().queryParam("format", "xml").get("/api/devices/{id}/imu", source).then().statusCode(400);
        given().get("/api/devices/{id}/imu", "nobody-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aSixtySecondWalkAtTwoStepsPerSecondSampledAt100HzCounts120StepsGiveOrTakeThree() {
        String device = Samples.newDeviceId("walker");
        Instant start = Samples.recent().minusSeconds(600);
        post(device, start, 0, walk(6000, 2.0, new Random(42)));

        var gait = given().get("/api/devices/{id}/gait", device).then().statusCode(200)
                .body("samples", equalTo(6000)).body("boutCount", equalTo(1)).body("bouts.size()", equalTo(1)).extract().jsonPath();
        int steps = gait.getInt("steps");
        assertTrue(Math.abs(steps - 120) <= 3, "expected 120 ± 3 steps, counted " + steps);
        assertEquals(59.99, gait.getDouble("durationSeconds"), 0.001);
        assertEquals(120.0, gait.getDouble("cadenceStepsPerMinute"), 3.5);
        assertEquals(10.1, gait.getDouble("meanAccelerationMagnitude"), 0.5);
        assertEquals(steps, gait.getInt("bouts[0].steps"));

        given().get("/api/devices/{id}/gait", "nobody-here").then().statusCode(404);
        given().queryParam("from", start.plusSeconds(100).toString()).get("/api/devices/{id}/gait", device)
                .then().statusCode(200).body("samples", equalTo(0)).body("steps", equalTo(0)).body("boutCount", equalTo(0))
                .body("bouts.size()", equalTo(0));
    }

    /**
     * Issue 17: a walk, a minute standing still (samples keep coming), ten minutes with the sensor
     * off (no samples), and a second, slower walk. Two bouts at their own cadence, and the cadence
     * over walking time: stillness and the gap are not walking (before, 630 s counted as walking
     * time gave 11.4 steps a minute).
     */
    @Test
    void twoWalksTenMinutesApartAreTwoBoutsAndTheCadenceIsOverWalkingTimeOnly() {
        String device = Samples.newDeviceId("walker");
        Instant start = Samples.recent().minusSeconds(1200);
        Random noise = new Random(7);
        post(device, start, 0, walk(6000, 2.0, noise));
        post(device, start, 6000, still(6000, noise));
        post(device, start, 72_000, walk(6000, 1.6, noise)); // sample 72,000: 720 s after the start, ten minutes after the stillness

        var gait = given().get("/api/devices/{id}/gait", device).then().statusCode(200).body("samples", equalTo(18_000))
                .body("boutCount", equalTo(2)).extract().jsonPath();
        assertEquals(779.99, gait.getDouble("durationSeconds"), 0.001);
        assertEquals(120.0, gait.getDouble("bouts[0].cadenceStepsPerMinute"), 3.5);
        assertEquals(96.0, gait.getDouble("bouts[1].cadenceStepsPerMinute"), 3.5);
        assertEquals(120, gait.getInt("bouts[0].steps"), 3);
        assertEquals(96, gait.getInt("bouts[1].steps"), 3);
        assertEquals(gait.getInt("steps"), gait.getInt("bouts[0].steps") + gait.getInt("bouts[1].steps"), "no step while standing");
        double walking = gait.getDouble("walkingSeconds");
        assertTrue(walking > 117 && walking < 120, "two walks of a minute each, first step to last: " + walking);
        assertEquals(108.0, gait.getDouble("cadenceStepsPerMinute"), 4.0);
        assertTrue(Instant.parse(gait.getString("bouts[0].end")).isBefore(start.plusSeconds(60)));
        assertTrue(Instant.parse(gait.getString("bouts[1].start")).isAfter(start.plusSeconds(720)));
    }

    /** Walking at {@code stepsPerSecond} for {@code n} samples at 100 Hz: (forward, lateral, vertical) per sample. */
    private static double[][] walk(int n, double stepsPerSecond, Random noise) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double t = i / 100.0;
            out[i] = new double[] {1.2 * Math.sin(2 * Math.PI * stepsPerSecond * t + 0.6) + noise.nextGaussian() * 0.4,
                0.6 * Math.sin(2 * Math.PI * stepsPerSecond / 2 * t) + noise.nextGaussian() * 0.4,
                9.81 + 3.0 * Math.sin(2 * Math.PI * stepsPerSecond * t) + noise.nextGaussian() * 0.4};
        }
        return out;
    }

    /** Standing still: gravity and the sensor's noise. */
    private static double[][] still(int n, Random noise) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new double[] {noise.nextGaussian() * 0.05, noise.nextGaussian() * 0.05, 9.81 + noise.nextGaussian() * 0.05};
        }
        return out;
    }

    /** Stores the samples in batches of 1,000, sample i at {@code start} + 10 ms × ({@code first} + i). */
    private static void post(String device, Instant start, int first, double[][] samples) {
        for (int chunk = 0; chunk < samples.length; chunk += 1000) {
            StringBuilder body = new StringBuilder("[");
            for (int i = chunk; i < Math.min(chunk + 1000, samples.length); i++) {
                if (i > chunk) {
                    body.append(',');
                }
                body.append(String.format(Locale.ROOT,
                        "{\"ts\":\"%s\",\"accX\":%.4f,\"accY\":%.4f,\"accZ\":%.4f,\"gyroX\":0.01,\"gyroY\":0.02,\"gyroZ\":0.03}",
                        start.plusMillis(10L * (first + i)), samples[i][0], samples[i][1], samples[i][2]));
            }
            given().contentType(ContentType.JSON).body(body.append(']').toString()).post("/api/devices/{id}/imu", device)
                    .then().statusCode(200).body("accepted", equalTo(Math.min(1000, samples.length - chunk)));
        }
    }

    /**
     * An export longer than a page comes whole and in order across the pages; and a client that
     * stops reading holds nothing in the database meanwhile: no connection in a transaction, no
     * snapshot (issue 14: a slow client held a pooled connection and a snapshot for as long as it
     * read, and twenty of them exhausted the pool).
     */
    @Test
    void anExportLongerThanAPageComesWholeAndASlowReaderHoldsNoTransaction() throws Exception {
        String device = Samples.newDeviceId("pages");
        Instant start = Samples.recent().minusSeconds(3_600);
        for (int b = 0; b < 3; b++) {
            given().contentType(ContentType.JSON).body(Samples.json(b < 2 ? 10_000 : 1, start.plusMillis(100_000L * b)))
                    .post("/api/devices/{id}/imu", device).then().statusCode(200);
        }
        String csv = given().queryParam("format", "csv").get("/api/devices/{id}/imu", device).then().statusCode(200).extract().asString();
        String[] lines = csv.split("\n");
        assertEquals(20_002, lines.length, "the header and 20,001 samples: four full pages and one more");
        for (int i = 2; i < lines.length; i++) {
            assertTrue(ts(lines[i - 1]).isBefore(ts(lines[i])), "in ts order, once each: line " + i);
        }

        // 100,000 samples (about 10 MB of CSV, more than the sockets' buffers hold), and a client that
        // reads the head of the answer and then nothing: the service is left writing into a full socket.
        String large = Samples.newDeviceId("slow-reader");
        for (int b = 0; b < 10; b++) {
            given().contentType(ContentType.JSON).body(Samples.json(10_000, start.plusMillis(100_000L * b)))
                    .post("/api/devices/{id}/imu", large).then().statusCode(200);
        }
        try (java.net.Socket client = new java.net.Socket()) {
            client.setReceiveBufferSize(4_096);
            client.connect(new java.net.InetSocketAddress("localhost", io.restassured.RestAssured.port));
            client.getOutputStream().write(("GET /api/devices/" + large + "/imu?format=csv HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + TestIssuer.bearer(TestIssuer.token("device-operator-tests", Roles.DEVICE_OPERATOR))
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(new String(client.getInputStream().readNBytes(12), StandardCharsets.US_ASCII).endsWith("200"));
            Thread.sleep(2_000);
            // As the superuser: pg_stat_activity shows any other role only the sessions of its own.
            try (java.sql.Connection c = dev.integrity.platform.testing.PostgresServer.shared().connect(
                    org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue(PlatformTestResource.DATABASE_KEY, String.class));
                 java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                         + org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class)
                         + "' AND xact_start < now() - interval '1 second'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "no transaction of the service open for more than a second");
            }
            assertEquals(CONCURRENCY - 1, freeExportSlots(), "the stalled export holds one slot of the replica's");
        }
        awaitAllExportSlotsFree("a client that went away mid-export gives its slot back");
    }

    /** device.export.concurrency's default. */
    private static final int CONCURRENCY = 4;

    @Inject
    ImuReadService reads;

    @Test
    void anExportStopsAtItsLimitAndItsLinkLeadsToTheRest() {
        String device = Samples.newDeviceId("limited");
        given().contentType(ContentType.JSON).body(Samples.json(500, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(200);
        String whole = given().queryParam("format", "csv").get("/api/devices/{id}/imu", device).then().statusCode(200)
                .header("Link", nullValue()).extract().asString();

        StringBuilder pieces = new StringBuilder();
        String next = "/api/devices/" + device + "/imu?format=csv&limit=200";
        int answers = 0;
        while (next != null) {
            var answer = given().urlEncodingEnabled(false).get(next).then().statusCode(200).extract();
            String body = answer.asString();
            pieces.append(answers == 0 ? body : body.substring(body.indexOf('\n') + 1));
            assertTrue(body.split("\n").length - 1 == (answers < 2 ? 200 : 100), "answer " + answers + " carries its limit");
            String link = answer.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
            assertTrue(link == null || link.endsWith("rel=\"next\""), link);
            answers++;
        }
        assertEquals(3, answers, "200, 200 and the last 100");
        assertEquals(whole, pieces.toString(), "the pieces, put together, are the whole export");

        for (String bad : new String[] {"0", "-1", "x", "1000001"}) {
            given().queryParam("limit", bad).get("/api/devices/{id}/imu", device).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("limit"));
        }
    }

    @Test
    void exportsPastTheReplicasSlotsAreA503ToRetry() throws Exception {
        String device = Samples.newDeviceId("busy");
        given().contentType(ContentType.JSON).body(Samples.json(10, Samples.recent())).post("/api/devices/{id}/imu", device)
                .then().statusCode(200);
        for (int i = 0; i < CONCURRENCY + 2; i++) {
            given().get("/api/devices/{id}/imu", device).then().statusCode(200).body("size()", equalTo(10));
        }
        awaitAllExportSlotsFree("every export done gives its slot back");
        for (int i = 0; i < CONCURRENCY; i++) {
            reads.admitExport();
        }
        try {
            given().get("/api/devices/{id}/imu", device).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5").body("type", equalTo("urn:integrity:problem:export-busy"))
                    .body("retryAfterSeconds", equalTo(5));
            given().get("/api/devices/{id}/gait", device).then().statusCode(200);
        } finally {
            for (int i = 0; i < CONCURRENCY; i++) {
                reads.exportDone();
            }
        }
        given().get("/api/devices/{id}/imu", device).then().statusCode(200).body("size()", equalTo(10));
    }

    /** How many export slots are free now (taken and given back again). */
    private int freeExportSlots() {
        int free = 0;
        try {
            while (free <= CONCURRENCY) {
                reads.admitExport();
                free++;
            }
        } catch (BusyProblem expected) {
            // every slot is taken
        } finally {
            for (int i = 0; i < free; i++) {
                reads.exportDone();
            }
        }
        return free;
    }

    private void awaitAllExportSlotsFree(String why) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (freeExportSlots() != CONCURRENCY && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(CONCURRENCY, freeExportSlots(), why);
    }

    private static java.time.OffsetDateTime ts(String csvLine) {
        return java.time.OffsetDateTime.parse(csvLine.substring(0, csvLine.indexOf(',')));
    }

    private static String containsCsv() {
        return "text/csv";
    }
}
