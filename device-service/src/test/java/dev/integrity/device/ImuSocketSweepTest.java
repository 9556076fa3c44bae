package dev.integrity.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The WebSocket's share of the bad-input sweep, with frames written byte by byte: malformed and
 * oversized messages, in JSON text and CBOR binary, are each answered with a problem (in the message's format) and the
 * socket stays open; the message limit is tested at the limit and one byte over, in one frame and
 * in many. Frames that break the protocol itself (over the frame ceiling, unmasked, reserved opcode,
 * a continuation with nothing to continue) end that connection, as RFC 6455 requires, and nothing else.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class ImuSocketSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size")
    int maxMessage;

    @ConfigProperty(name = "quarkus.websockets-next.server.max-frame-size")
    int maxFrame;

    @ConfigProperty(name = "device.max-batch")
    int maxBatch;

    private interface Send {
        void to(RawWebSocket socket) throws IOException;
    }

    private record Variant(String what, int status, Send send) {
    }

    @Test
    void everyMalformedOrOversizedMessageIsAnsweredWithAProblemAndTheSocketStaysOpen() throws Exception {
        String device = Samples.newDeviceId("ws-sweep");
        Instant t = Samples.recent();
        String sample = "{\"ts\":\"" + t + "\",\"accX\":1,\"accY\":2,\"accZ\":3,\"gyroX\":4,\"gyroY\":5,\"gyroZ\":6}";
        List<Variant> variants = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("not JSON", "this is not json");
        texts.put("empty message", "");
        texts.put("only whitespace", "   \n ");
        texts.put("JSON null", "null");
        texts.put("JSON true", "true");
        texts.put("a number", "42");
        texts.put("a string", "\"text\"");
        texts.put("array of numbers", "[1,2]");
        texts.put("array of nulls", "[null]");
        texts.put("trailing garbage", "[] []");
        texts.put("unclosed array", "[" + sample);
        texts.put("deeply nested", "[".repeat(5000));
        texts.put("missing ts", sample.replace("\"ts\":\"" + t + "\",", ""));
        texts.put("null ts", sample.replace("\"" + t + "\"", "null"));
        texts.put("missing accX", sample.replace("\"accX\":1,", ""));
        texts.put("null accX", sample.replace("\"accX\":1", "\"accX\":null"));
        texts.put("ts without offset", sample.replace(t.toString(), t.toString().replace("Z", "")));
        texts.put("ts not a time", sample.replace(t.toString(), "yesterday"));
        texts.put("ts a number", sample.replace("\"" + t + "\"", "1700000000"));
        texts.put("ts far in the future", sample.replace(t.toString(), t.plus(30, ChronoUnit.DAYS).toString()));
        texts.put("ts before retention", sample.replace(t.toString(), t.minus(4000, ChronoUnit.DAYS).toString()));
        texts.put("ts with SQL", sample.replace(t.toString(), "'); DROP TABLE device.imu_data; --"));
        texts.put("ts with HTML", sample.replace(t.toString(), "<script>alert(1)</script>"));
        texts.put("accX a string", sample.replace("\"accX\":1", "\"accX\":\"1\""));
        texts.put("accX NaN", sample.replace("\"accX\":1", "\"accX\":NaN"));
        texts.put("accX Infinity", sample.replace("\"accX\":1", "\"accX\":-Infinity"));
        texts.put("accX out of range", sample.replace("\"accX\":1", "\"accX\":1e999"));
        texts.put("accX an object", sample.replace("\"accX\":1", "\"accX\":{\"v\":1}"));
        texts.put("unknown field", sample.replace("}", ",\"temperature\":36.5}"));
        texts.put("duplicate field", sample.replace("}", ",\"accX\":2}"));
        texts.put("over-long string", sample.replace(t.toString(), "x".repeat(10_000)));
        texts.put("single-quoted JSON", "[" + sample.replace('"', '\'') + "]");
        texts.put("NUL character", sample.replace("\"accX\"", "\"acc\\u0000X\""));
        texts.forEach((what, text) -> variants.add(new Variant(what, 400, s -> s.text(text))));
        variants.add(new Variant("invalid UTF-8", 400,
                s -> s.frame(true, 0, RawWebSocket.TEXT, new byte[]{'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'}, true)));
        variants.add(new Variant("batch of max-batch + 1 samples", 413, s -> s.text(Samples.json(maxBatch + 1, t))));
        variants.add(new Variant("message of max-message-size + 1 bytes, one frame", 413,
                s -> s.frame(true, 0, RawWebSocket.TEXT, padded(maxMessage + 1), true)));
        variants.add(new Variant("message of max-message-size + 1 bytes, in 64 KiB frames", 413, s -> fragmented(s, padded(maxMessage + 1))));
        variants.add(new Variant("one frame of max-frame-size bytes", 413,
                s -> s.frame(true, 0, RawWebSocket.TEXT, padded(maxFrame), true)));
        // Binary messages are batches in CBOR, answered in CBOR.
        variants.add(new Variant("binary frame of JSON", 400, s -> s.binary("[]".getBytes(StandardCharsets.UTF_8))));
        variants.add(new Variant("empty binary frame", 400, s -> s.binary(new byte[0])));
        variants.add(new Variant("binary message in two frames", 400, s -> {
            s.frame(false, 0, RawWebSocket.BINARY, new byte[]{1, 2}, true);
            s.frame(true, 0, RawWebSocket.CONTINUATION, new byte[]{3}, true);
        }));
        byte[] goodCbor = CborSamples.batch(3, t.minusSeconds(5), false);
        Map<String, byte[]> cbor = new LinkedHashMap<>();
        cbor.put("CBOR: not CBOR", new byte[]{(byte) 0xFF, (byte) 0xFF, 0x1C});
        cbor.put("CBOR: truncated", Arrays.copyOf(goodCbor, goodCbor.length / 2));
        cbor.put("CBOR: a number", CborSamples.write(g -> g.writeNumber(42)));
        cbor.put("CBOR: a byte string", CborSamples.write(g -> g.writeBinary(new byte[16])));
        cbor.put("CBOR: trailing item", concat(goodCbor, CborSamples.write(g -> g.writeNumber(1))));
        cbor.put("CBOR: deeply nested", "\u0081".repeat(5000).getBytes(StandardCharsets.ISO_8859_1));
        cbor.put("CBOR: ts an untagged number", cborSample(t, g -> g.writeNumber(1_700_000_000), null));
        cbor.put("CBOR: ts tag 1 NaN", cborSample(t, g -> {
            g.writeTag(1);
            g.writeNumber(Double.NaN);
        }, null));
        cbor.put("CBOR: ts tag 1 before retention", cborSample(t, g -> {
            g.writeTag(1);
            g.writeNumber(t.minus(4000, ChronoUnit.DAYS).getEpochSecond());
        }, null));
        cbor.put("CBOR: accX a text string", cborSample(t, null, g -> g.writeString("1")));
        cbor.put("CBOR: accX NaN", cborSample(t, null, g -> g.writeNumber(Float.NaN)));
        cbor.put("CBOR: accX a map", cborSample(t, null, g -> {
            g.writeStartObject();
            g.writeEndObject();
        }));
        cbor.put("CBOR: unknown field", CborSamples.write(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("temperature");
            g.writeNumber(36.5);
            g.writeEndObject();
            g.writeEndArray();
        }));
        cbor.put("CBOR: batchId a map", CborSamples.write(g -> {
            g.writeStartObject();
            g.writeFieldName("batchId");
            g.writeStartObject();
            g.writeEndObject();
            g.writeFieldName("samples");
            g.writeStartArray();
            g.writeEndArray();
            g.writeEndObject();
        }));
        cbor.forEach((what, bytes) -> variants.add(new Variant(what, 400, s -> s.binary(bytes))));
        variants.add(new Variant("CBOR: batch of max-batch + 1 samples", 413, s -> s.binary(CborSamples.batch(maxBatch + 1, t.plusSeconds(60), false))));
        assertTrue(variants.size() >= 30, "only " + variants.size() + " variants");

        List<String> wrong = new ArrayList<>();
        int acked = 0;
        try (RawWebSocket socket = connect(device)) {
            // At the limit: a message of exactly max-message-size bytes is read and judged on its content.
            byte[] atLimit = padded(maxMessage);
            byte[] oneSample = ("[" + sample.replace(t.toString(), t.minusMillis(1).toString())).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(oneSample, 0, atLimit, 0, oneSample.length);
            socket.frame(true, 0, RawWebSocket.TEXT, atLimit, true);
            assertEquals("{\"accepted\":1,\"duplicates\":0}", socket.next().text(), "a message of exactly the limit is read");
            for (Variant v : variants) {
                v.send().to(socket);
                RawWebSocket.Frame answer = socket.next();
                String problem = check(answer, v.status());
                if (problem != null) {
                    wrong.add(v.what() + ": " + problem);
                }
                // The same socket takes the next good sample: it stayed open.
                String good = "[" + sample.replace(t.toString(), t.plusMillis(acked + 1).toString()) + "]";
                socket.text(good);
                RawWebSocket.Frame ack = socket.next();
                if (ack == null || !"{\"accepted\":1,\"duplicates\":0}".equals(ack.text())) {
                    wrong.add(v.what() + ": the socket did not take a good sample afterwards: " + (ack == null ? "closed" : ack.text()));
                    break;
                }
                acked++;
            }
        }
        System.out.printf("websocket sweep: %d malformed or oversized messages, %d answered wrongly, socket open after %d of them%n",
                variants.size(), wrong.size(), acked);
        assertEquals(List.of(), wrong);
        assertEquals(variants.size(), acked);
        assertEquals(acked + 1, storedSamples(device), "only the good samples were stored (and the one at the limit)");
    }

    @Test
    void framesThatBreakTheProtocolEndOnlyTheirOwnConnection() throws Exception {
        String device = Samples.newDeviceId("ws-protocol");
        Map<String, Send> violations = new LinkedHashMap<>();
        violations.put("one frame of max-frame-size + 1 bytes", s -> s.frame(true, 0, RawWebSocket.TEXT, padded(maxFrame + 1), true));
        violations.put("unmasked frame", s -> s.frame(true, 0, RawWebSocket.TEXT, "[]".getBytes(StandardCharsets.UTF_8), false));
        violations.put("reserved opcode", s -> s.frame(true, 0, 0x3, "[]".getBytes(StandardCharsets.UTF_8), true));
        violations.put("continuation with nothing to continue", s -> s.frame(true, 0, RawWebSocket.CONTINUATION, "[]".getBytes(StandardCharsets.UTF_8), true));
        int sent = 0;
        try (RawWebSocket bystander = connect(device)) {
            for (Map.Entry<String, Send> violation : violations.entrySet()) {
                try (RawWebSocket offender = connect(device)) {
                    violation.getValue().to(offender);
                    RawWebSocket.Frame answer = offender.next();
                    assertTrue(answer == null || answer.opcode() == RawWebSocket.CLOSE,
                            violation.getKey() + ": the connection should end, but the server sent " + (answer == null ? "" : answer.text()));
                }
                // Another device's connection, open all along, is untouched.
                Instant ts = Samples.recent().plusMillis(++sent);
                bystander.text(Samples.json(1, ts));
                assertEquals("{\"accepted\":1,\"duplicates\":0}", bystander.next().text(), violation.getKey());
            }
        }
        System.out.printf("websocket protocol violations: %d, each ended only its own connection%n", sent);
        assertEquals(violations.size(), sent);
    }

    private RawWebSocket connect(String device) throws IOException {
        return RawWebSocket.connect("127.0.0.1", base.getPort(), "/ws/devices/" + device + "/imu", Map.of());
    }

    /** Null when the answer is a text problem document with the expected status, else what is wrong. */
    private static String check(RawWebSocket.Frame answer, int status) {
        if (answer == null) {
            return "the connection ended";
        }
        if (answer.opcode() != RawWebSocket.TEXT && answer.opcode() != RawWebSocket.BINARY) {
            return "answered with opcode " + answer.opcode() + (answer.opcode() == RawWebSocket.CLOSE ? " (close " + answer.closeCode() + ")" : "");
        }
        try {
            // A binary (CBOR) message is answered in CBOR, a text one in JSON.
            JsonNode problem = answer.opcode() == RawWebSocket.BINARY ? CborSamples.read(answer.payload()) : JSON.readTree(answer.text());
            if (problem.path("status").asInt() != status || !problem.path("type").asText().startsWith("urn:integrity:problem:")
                    || problem.path("detail").asText().isEmpty()) {
                return "expected a " + status + " problem, got " + answer.text();
            }
            if (answer.text().contains("SQL") || answer.text().contains("org.postgresql")) {
                return "the answer leaks internals: " + answer.text();
            }
            return null;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "not JSON (or, in a binary answer, not CBOR): " + answer.text();
        }
    }

    /** One CBOR sample in an array, with ts and accX written by the given writers (null: a good value). */
    private static byte[] cborSample(Instant t, CborSamples.Writer ts, CborSamples.Writer accX) {
        return CborSamples.write(g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldName("ts");
            if (ts == null) {
                g.writeString(t.toString());
            } else {
                ts.write(g);
            }
            for (String field : new String[] {"accX", "accY", "accZ", "gyroX", "gyroY", "gyroZ"}) {
                g.writeFieldName(field);
                if (field.equals("accX") && accX != null) {
                    accX.write(g);
                } else {
                    g.writeNumber(1.0);
                }
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** An empty JSON array padded with spaces to exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        byte[] message = new byte[size];
        Arrays.fill(message, (byte) ' ');
        message[0] = '[';
        message[size - 1] = ']';
        return message;
    }

    private static void fragmented(RawWebSocket socket, byte[] message) throws IOException {
        int step = 65_536;
        for (int at = 0; at < message.length; at += step) {
            int end = Math.min(message.length, at + step);
            socket.frame(end == message.length, 0, at == 0 ? RawWebSocket.TEXT : RawWebSocket.CONTINUATION,
                    Arrays.copyOfRange(message, at, end), true);
        }
    }

    private long storedSamples(String device) throws Exception {
        return Counts.of(dataSource, "SELECT count(*) FROM device.imu_data WHERE device_id = ?", device);
    }
}
