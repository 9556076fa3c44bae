package dev.integrity.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import dev.integrity.platform.testing.RawWebSocket;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CBOR (RFC 8949), the compact form for sensors that can afford no JSON (issue 17): over HTTP as
 * {@code application/cbor} and as binary WebSocket messages, with JSON's fields, limits,
 * all-or-nothing and idempotence. Malformed, truncated, wrong-typed and oversized input is a 4xx
 * problem that stores nothing and provisions no device.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuCborTest {

    private static final String CBOR = "application/cbor";

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "device.max-batch")
    int maxBatch;

    @Test
    void aCborBatchIsStoredWholeAndOnceAndItsTimesReadBackAsJsonsWould() throws Exception {
        String device = Samples.newDeviceId("cbor");
        Instant start = Samples.recent();
        byte[] batch = CborSamples.batch(50, start, false);
        given().contentType(CBOR).body(batch).post("/api/devices/{id}/imu", device).then().statusCode(200)
                .body("accepted", equalTo(50)).body("duplicates", equalTo(0));
        given().contentType(CBOR).body(batch).post("/api/devices/{id}/imu", device).then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(50));

        // Tag-1 epoch seconds name the same instants: the same samples again are duplicates.
        given().contentType(CBOR).body(CborSamples.batch(50, start, true)).post("/api/devices/{id}/imu", device).then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(50));
        // The same samples in JSON: duplicates too, so the two formats store the same rows.
        given().contentType("application/json").body(Samples.json(50, start)).post("/api/devices/{id}/imu", device).then()
                .statusCode(200).body("duplicates", equalTo(50));
        assertEquals(50, stored(device));
    }

    @Test
    void malformedTruncatedWrongTypedAndOversizedCborIsA4xxProblemAndStoresNothing() throws Exception {
        String device = Samples.newDeviceId("cbor-bad");
        Instant t = Samples.recent();
        byte[] good = CborSamples.batch(20, t, false);
        bad(device, new byte[] {(byte) 0xFF, 0x00, 0x1C}, 400, "not valid CBOR");
        bad(device, Arrays.copyOf(good, good.length - 7), 400, "not valid CBOR");
        bad(device, new byte[0], 400, "empty");
        bad(device, CborSamples.write(g -> g.writeString("samples")), 400, "CBOR array of samples");
        bad(device, CborSamples.write(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("ts");
            g.writeNumber(t.getEpochSecond());   // a number, but not under tag 1
            g.writeEndObject();
            g.writeEndArray();
        }), 400, "[0].ts");
        bad(device, CborSamples.write(g -> {
            g.writeStartArray();
            CborSamples.sample(g, t, 0, false);
            g.writeStartObject();
            g.writeFieldName("ts");
            g.writeString(t.toString());
            g.writeFieldName("accX");
            g.writeBoolean(true);
            g.writeEndObject();
            g.writeEndArray();
        }), 400, "[1].accX");
        given().contentType(CBOR).body(CborSamples.batch(maxBatch + 1, t, false)).post("/api/devices/{id}/imu", device).then()
                .statusCode(413).contentType("application/problem+json").body("maxBatch", equalTo(maxBatch));
        assertEquals(0, stored(device));
        assertEquals(0, Counts.of(dataSource, "SELECT count(*) FROM device.devices WHERE device_id = ?", device), "nothing provisioned");
    }

    private void bad(String device, byte[] body, int status, String detail) {
        given().contentType(CBOR).body(body).post("/api/devices/{id}/imu", device).then().statusCode(status)
                .contentType("application/problem+json").body("detail", containsString(detail));
    }

    @Test
    void overTheWebSocketABinaryBatchIsAnsweredInCborWithItsId() throws Exception {
        String device = Samples.newDeviceId("cbor-ws");
        Instant t = Samples.recent();
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.1", base.getPort(), "/ws/devices/" + device + "/imu", Map.of())) {
            socket.binary(CborSamples.envelope("b1", 40, t));
            socket.binary(CborSamples.batch(10, t.plusSeconds(60), true));
            socket.binary(Arrays.copyOf(CborSamples.envelope(7, 10, t.plusSeconds(120)), 30));

            RawWebSocket.Frame first = socket.next();
            assertEquals(RawWebSocket.BINARY, first.opcode());
            JsonNode ack = CborSamples.read(first.payload());
            assertEquals("b1", ack.path("batchId").asText());
            assertEquals(40, ack.path("accepted").asInt());
            JsonNode plain = CborSamples.read(socket.next().payload());
            assertEquals(10, plain.path("accepted").asInt());
            assertEquals(false, plain.has("batchId"), "a plain batch's answer carries no id");
            JsonNode truncated = CborSamples.read(socket.next().payload());
            assertEquals(400, truncated.path("status").asInt(), truncated.toString());
            assertEquals(7, truncated.path("batchId").asInt(), "the id was read before the message broke off");

            // Text and binary on one socket: each answered in its own format.
            socket.text(Samples.json(1, t.plusSeconds(200)));
            assertEquals("{\"accepted\":1,\"duplicates\":0}", socket.next().text());
        }
        assertEquals(51, stored(device));
    }

    private long stored(String device) throws Exception {
        return Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device);
    }
}
