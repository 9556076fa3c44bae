package dev.integrity.device;

import dev.integrity.platform.error.ProblemException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input for every IMU parser (JSON, NDJSON, CSV, a WebSocket text message) and for
 * timestamps: the shapes an attacker reaches for (runs of digits, deep nesting, long strings, many
 * columns, cut-off and mutated bodies), and thousands of random mutations of a valid batch. Every
 * one is either a valid batch or a 400/413 problem; no other exception ever escapes. The cost per
 * MB is the hostile-input benchmark's to measure ({@code ImuHostileInputBenchmark}), not a test's.
 */
class ImuParserFuzzTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final ImuBatchParser PARSER = new ImuBatchParser(HostileInput.config(), Clock.fixed(NOW, ZoneOffset.UTC));

    /** The parsers under test, each taking a whole body. */
    static final List<Function<byte[], ImuBatch>> PARSERS = List.of(
            body -> PARSER.json(new ByteArrayInputStream(body)),
            body -> PARSER.ndjson(new ByteArrayInputStream(body)),
            body -> PARSER.csv(new ByteArrayInputStream(body)),
            body -> PARSER.message(new String(body, StandardCharsets.UTF_8)).batch(),
            body -> PARSER.cbor(new ByteArrayInputStream(body)),
            body -> PARSER.message(body).batch());

    @Test
    void theAttackersShapesAreEachA4xxProblem() {
        List<String> wrong = new ArrayList<>();
        for (HostileInput.Shape shape : HostileInput.shapes(NOW)) {
            for (int p = 0; p < PARSERS.size(); p++) {
                try {
                    PARSERS.get(p).apply(shape.body());
                    wrong.add("accepted by parser " + p + ": " + shape.name());
                } catch (ProblemException problem) {
                    if (problem.status() != 400 && problem.status() != 413) {
                        wrong.add(problem.status() + " from parser " + p + ": " + shape.name());
                    }
                    assertTrue(problem.getMessage().length() < 600, "a problem repeats no more than a little of the input: "
                            + problem.getMessage().length() + " characters");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void randomMutationsOfAValidBatchAreAValidBatchOrA4xxNeverAnotherFailure() {
        SplittableRandom random = new SplittableRandom(13);
        byte[][] valid = {json(20).getBytes(StandardCharsets.UTF_8), ndjson(20).getBytes(StandardCharsets.UTF_8),
            csv(20).getBytes(StandardCharsets.UTF_8), cbor(20)};
        int parsed = 0;
        int problems = 0;
        for (int i = 0; i < 6_000; i++) {
            byte[] body = mutate(valid[i % valid.length], random);
            for (Function<byte[], ImuBatch> parser : PARSERS) {
                try {
                    parser.apply(body);
                    parsed++;
                } catch (ProblemException problem) {
                    assertTrue(problem.status() == 400 || problem.status() == 413, problem.status() + ": " + preview(body));
                    problems++;
                }
            }
        }
        System.out.printf("IMU parser fuzz: %,d mutated bodies x %d parsers: %,d valid batches, %,d 4xx problems, 0 other failures%n",
                6_000, PARSERS.size(), parsed, problems);
        assertTrue(parsed > 0 && problems > 0, "the mutations reached both outcomes");
    }

    @Test
    void aTimestampIsLinearAndCapped() {
        for (String ts : List.of("2".repeat(100_000), "2026-06-01T12:00:00." + "1".repeat(100_000) + "Z",
                "+".repeat(100_000), "2026-06-01T12:00:00Z" + " ".repeat(100_000), "0001-01-01T00:00:00Z", "1900-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z")) {
            String body = "[{\"ts\":\"" + ts + "\",\"accX\":1,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1}]";
            try {
                PARSER.json(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                throw new AssertionError("accepted " + ts.substring(0, Math.min(40, ts.length())));
            } catch (ProblemException problem) {
                assertEquals(400, problem.status());
            }
        }
    }

    @Test
    void aCsvNumberIsDecidedInOnePass() {
        for (String ok : List.of("1", "-1", "+1.5", ".5", "5.", "1e3", "1.5E-7", "0.000001")) {
            assertTrue(ImuBatchParser.isDecimal(ok), ok);
        }
        for (String bad : List.of("", ".", "-", "1e", "1e+", "1.2.3", "1x", "x1", "1 ", "--1", "1e1.5", "NaN", "Infinity",
                "1".repeat(65), "1".repeat(20_000) + "x")) {
            assertTrue(!ImuBatchParser.isDecimal(bad), bad.substring(0, Math.min(30, bad.length())));
        }
    }

    /** One of: flip a byte, insert a metacharacter, cut the body, repeat a stretch of it. */
    static byte[] mutate(byte[] body, SplittableRandom random) {
        byte[] specials = "\"{}[],:.-+eE\\\n\r\t 0123456789\u0000".getBytes(StandardCharsets.UTF_8);
        byte[] out = body.clone();
        for (int m = 0, n = 1 + random.nextInt(4); m < n; m++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] = (byte) random.nextInt(256);
                case 1 -> {
                    byte[] grown = new byte[out.length + 1];
                    System.arraycopy(out, 0, grown, 0, at);
                    grown[at] = specials[random.nextInt(specials.length)];
                    System.arraycopy(out, at, grown, at + 1, out.length - at);
                    out = grown;
                }
                case 2 -> out = java.util.Arrays.copyOf(out, Math.max(1, at));
                default -> {
                    int length = Math.min(out.length - at, 1 + random.nextInt(40));
                    byte[] grown = new byte[out.length + length];
                    System.arraycopy(out, 0, grown, 0, at + length);
                    System.arraycopy(out, at, grown, at + length, out.length - at);
                    out = grown;
                }
            }
        }
        return out;
    }

    static String json(int n) {
        return Samples.json(n, NOW.minusSeconds(3600));
    }

    static byte[] cbor(int n) {
        return CborSamples.batch(n, NOW.minusSeconds(3600), n % 2 == 0);
    }

    static String ndjson(int n) {
        String array = json(n);
        return array.substring(1, array.length() - 1).replace("},{", "}\n{");
    }

    static String csv(int n) {
        StringBuilder out = new StringBuilder("ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n");
        for (int i = 0; i < n; i++) {
            out.append(NOW.minusSeconds(3600).plusMillis(10L * i)).append(",0.1,-0.2,9.81,0.01,0.02,-0.03\n");
        }
        return out.toString();
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
        return body.length + " bytes: " + text.replace("\n", "\\n");
    }

}
