package dev.integrity.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.RawWebSocket;
import dev.integrity.platform.testing.Scrape;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Pipelined batches on the sensors' WebSocket (issue 17): several in flight on one socket, each
 * with its {@code batchId}, answered in the order sent whatever order they are stored in; a batch
 * that fails between two others harms neither; and the limit of {@code device.ws.max-in-flight}
 * (4 here, the default) holds at the limit plus one.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuSocketPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_IN_FLIGHT = 4;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void answersComeBackInOrderWithTheirIdsFromSocketsPipeliningSideBySide() throws Exception {
        String prefix = Samples.newDeviceId("pipe");
        int sockets = 4;
        int batches = 120;
        ExecutorService threads = Executors.newFixedThreadPool(sockets);
        try {
            List<Future<Integer>> stored = new ArrayList<>();
            for (int s = 0; s < sockets; s++) {
                String device = prefix + "-" + s;
                stored.add(threads.submit(() -> pipeline(device, batches)));
            }
            long samples = 0;
            for (Future<Integer> socket : stored) {
                samples += socket.get(120, TimeUnit.SECONDS);
            }
            assertEquals(samples, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id LIKE ?", prefix + "-%"));
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Keeps the socket's window full: a batch is sent whenever fewer than the limit are unanswered.
     * Batch sizes vary (1 to 2,000 samples) so they finish out of order; every answer must be the
     * next batch's, with its id, its string ids and number ids alike. Returns the samples sent.
     */
    private int pipeline(String device, int batches) throws Exception {
        Instant start = Samples.recent();
        int sent = 0;
        int answered = 0;
        int samples = 0;
        try (RawWebSocket socket = connect(device)) {
            while (answered < batches) {
                while (sent < batches && sent - answered < MAX_IN_FLIGHT) {
                    int size = sent % 7 == 0 ? 2000 : 1 + sent % 5;
                    Object id = sent % 2 == 0 ? "b-" + sent : sent;
                    socket.text(envelope(id, Samples.json(size, start.plusSeconds(30L * sent))));
                    samples += size;
                    sent++;
                }
                JsonNode answer = JSON.readTree(socket.next().text());
                int expected = answered;
                assertEquals(expected % 2 == 0 ? JSON.valueToTree("b-" + expected) : JSON.valueToTree(expected), answer.get("batchId"),
                        device + ": answers in the order sent");
                int size = expected % 7 == 0 ? 2000 : 1 + expected % 5;
                assertEquals(size, answer.path("accepted").asInt(), device + " batch " + expected + ": " + answer);
                answered++;
            }
        }
        return samples;
    }

    @Test
    void aBatchThatFailsBetweenTwoOthersHarmsNeither() throws Exception {
        String device = Samples.newDeviceId("pipe-fail");
        Instant start = Samples.recent();
        try (RawWebSocket socket = connect(device)) {
            socket.text(envelope("first", Samples.json(100, start)));
            socket.text("{\"batchId\":\"broken\",\"samples\":[{\"ts\":\"" + start.plusSeconds(60) + "\",\"accX\":\"heavy\"}]}");
            socket.text(envelope("third", Samples.json(100, start.plusSeconds(120))));
            socket.text("{\"batchId\":\"unreadable\",\"samples\":[{\"ts\":");
            // Four in flight, the limit: the fifth goes once the first is answered.
            assertEquals("{\"batchId\":\"first\",\"accepted\":100,\"duplicates\":0}", socket.next().text());
            socket.text(envelope("fifth", Samples.json(100, start.plusSeconds(180))));

            JsonNode broken = JSON.readTree(socket.next().text());
            assertEquals("broken", broken.path("batchId").asText(), broken.toString());
            assertEquals(400, broken.path("status").asInt());
            assertEquals("samples[0].accX", broken.path("errors").get(0).path("field").asText());
            assertEquals("{\"batchId\":\"third\",\"accepted\":100,\"duplicates\":0}", socket.next().text());
            JsonNode unreadable = JSON.readTree(socket.next().text());
            assertEquals(400, unreadable.path("status").asInt());
            assertEquals("unreadable", unreadable.path("batchId").asText(), "an id read before the message broke is answered: " + unreadable);
            assertEquals("{\"batchId\":\"fifth\",\"accepted\":100,\"duplicates\":0}", socket.next().text());
        }
        assertEquals(300, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
    }

    /**
     * Four batches held in flight on a row lock, a fifth sent behind them: it is answered 429, in
     * its turn after the four, and not stored; sent again once answers came back, it is stored.
     */
    @Test
    void theLimitHoldsAtTheLimitPlusOne() throws Exception {
        String device = Samples.newDeviceId("pipe-limit");
        Instant start = Samples.recent();
        double busyBefore = Scrape.now().value("device_imu_batches_rejected_total", "reason", "busy");
        try (RawWebSocket socket = connect(device)) {
            socket.text(envelope(0, Samples.json(1, start.minusSeconds(60))));
            assertEquals("{\"batchId\":0,\"accepted\":1,\"duplicates\":0}", socket.next().text());
            try (DeviceRowLock lock = DeviceRowLock.hold(dataSource, device)) {
                for (int b = 1; b <= MAX_IN_FLIGHT + 1; b++) {
                    socket.text(envelope(b, Samples.json(10, start.plusSeconds(10L * b))));
                }
                lock.awaitCopiesWaiting(MAX_IN_FLIGHT);
                Thread.sleep(200);   // and the one over the limit has arrived and been refused meanwhile
                assertEquals(MAX_IN_FLIGHT, lock.copiesWaiting(), "no more than the limit in flight");
                lock.release();
            }
            for (int b = 1; b <= MAX_IN_FLIGHT; b++) {
                assertEquals("{\"batchId\":" + b + ",\"accepted\":10,\"duplicates\":0}", socket.next().text());
            }
            JsonNode refused = JSON.readTree(socket.next().text());
            assertEquals(429, refused.path("status").asInt(), refused.toString());
            assertEquals(MAX_IN_FLIGHT + 1, refused.path("batchId").asInt());
            assertEquals(MAX_IN_FLIGHT, refused.path("maxInFlight").asInt());
            assertEquals("urn:integrity:problem:too-many-in-flight", refused.path("type").asText());
            assertEquals(1 + 10 * MAX_IN_FLIGHT, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device),
                    "the refused batch was not stored");

            socket.text(envelope(MAX_IN_FLIGHT + 1, Samples.json(10, start.plusSeconds(10L * (MAX_IN_FLIGHT + 1)))));
            assertEquals("{\"batchId\":" + (MAX_IN_FLIGHT + 1) + ",\"accepted\":10,\"duplicates\":0}", socket.next().text());
        }
        assertEquals(busyBefore + 1, Scrape.now().value("device_imu_batches_rejected_total", "reason", "busy"));
    }

    @Test
    void aBatchIdMustBeAShortStringOrAWholeNumberAndTheEnvelopeHoldsNothingElse() throws Exception {
        String device = Samples.newDeviceId("pipe-bad");
        String samples = Samples.json(1, Samples.recent());
        try (RawWebSocket socket = connect(device)) {
            for (String bad : List.of("{\"batchId\":\"\",\"samples\":" + samples + "}",
                    "{\"batchId\":\"" + "x".repeat(65) + "\",\"samples\":" + samples + "}",
                    "{\"batchId\":1.5,\"samples\":" + samples + "}",
                    "{\"batchId\":{\"a\":1},\"samples\":" + samples + "}",
                    "{\"batchId\":\"a\",\"samples\":" + samples + ",\"extra\":1}",
                    "{\"batchId\":\"a\",\"batchId\":\"b\",\"samples\":" + samples + "}",
                    "{\"samples\":" + samples + "}",
                    "{\"batchId\":\"a\"}",
                    "{\"batchId\":\"a\",\"samples\":{}}",
                    "{\"batchId\":\"a\",\"samples\":[]}",
                    "{\"batchId\":\"a\",\"samples\":" + samples + "} []")) {
                socket.text(bad);
                JsonNode answer = JSON.readTree(socket.next().text());
                assertEquals(400, answer.path("status").asInt(), bad + " -> " + answer);
            }
        }
        assertEquals(0, Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device));
        assertEquals(0, Counts.of(dataSource, "SELECT count(*) FROM device.devices WHERE device_id = ?", device), "nothing provisioned");
    }

    static String envelope(Object batchId, String samples) {
        return "{\"batchId\":" + (batchId instanceof String s ? "\"" + s + "\"" : batchId) + ",\"samples\":" + samples + "}";
    }

    private RawWebSocket connect(String device) throws Exception {
        RawWebSocket socket = RawWebSocket.connect("127.0.0.1", base.getPort(), "/ws/devices/" + device + "/imu", Map.of());
        assertNotNull(socket);
        return socket;
    }
}
