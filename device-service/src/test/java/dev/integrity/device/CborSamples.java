package dev.integrity.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Batches in CBOR (RFC 8949), written field by field as a sensor's encoder would, and answers read back. */
final class CborSamples {

    private static final CBORFactory FACTORY = new CBORFactory();
    private static final CBORMapper MAPPER = new CBORMapper();

    private CborSamples() {
    }

    interface Writer {
        void write(CBORGenerator g) throws IOException;
    }

    static byte[] write(Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = FACTORY.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} samples 10 ms apart from {@code start}, as {@link Samples#json} makes them; ts as text, or under tag 1. */
    static byte[] batch(int n, Instant start, boolean epochTag) {
        return write(g -> {
            g.writeStartArray();
            for (int i = 0; i < n; i++) {
                sample(g, start.plusMillis(10L * i), i, epochTag);
            }
            g.writeEndArray();
        });
    }

    /** A pipelined batch: {@code {"batchId": id, "samples": [...]}}. */
    static byte[] envelope(Object batchId, int n, Instant start) {
        return write(g -> {
            g.writeStartObject();
            g.writeFieldName("batchId");
            if (batchId instanceof String s) {
                g.writeString(s);
            } else {
                g.writeNumber(((Number) batchId).longValue());
            }
            g.writeFieldName("samples");
            g.writeStartArray();
            for (int i = 0; i < n; i++) {
                sample(g, start.plusMillis(10L * i), i, false);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    static void sample(CBORGenerator g, Instant ts, int i, boolean epochTag) throws IOException {
        g.writeStartObject();
        g.writeFieldName("ts");
        if (epochTag) {
            g.writeTag(1);
            g.writeNumber(ts.getEpochSecond() + ts.getNano() / 1e9);
        } else {
            g.writeString(ts.toString());
        }
        float[] values = {0.12f + i % 5 * 0.01f, -0.4f, 9.79f, 0.01f, 0.02f, -0.01f};
        String[] names = {"accX", "accY", "accZ", "gyroX", "gyroY", "gyroZ"};
        for (int f = 0; f < names.length; f++) {
            g.writeFieldName(names[f]);
            g.writeNumber(values[f]);
        }
        g.writeEndObject();
    }

    static JsonNode read(byte[] cbor) {
        try {
            return MAPPER.readTree(cbor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
