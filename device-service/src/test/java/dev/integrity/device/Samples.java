package dev.integrity.device;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/** Test data: IMU batches as the sensors send them. */
public final class Samples {

    private Samples() {
    }

    static String newDeviceId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An hour ago, on a whole second: comfortably inside every partition and validation window. */
    static Instant recent() {
        return Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    }

    /** A JSON array of {@code n} samples, 10 ms apart from {@code start}. */
    public static String json(int n, Instant start) {
        StringBuilder out = new StringBuilder("[");
        Random random = new Random(n + start.getEpochSecond());
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(sample(start.plusMillis(10L * i), random, i % 2 == 0));
        }
        return out.append(']').toString();
    }

    static String sample(Instant ts, Random random, boolean withMag) {
        String values = String.format(Locale.ROOT,
                "\"accX\":%.6f,\"accY\":%.6f,\"accZ\":%.6f,\"gyroX\":%.6f,\"gyroY\":%.6f,\"gyroZ\":%.6f",
                random.nextGaussian(), random.nextGaussian(), 9.81 + random.nextGaussian(),
                random.nextGaussian(), random.nextGaussian(), random.nextGaussian());
        String mag = withMag ? String.format(Locale.ROOT, ",\"magX\":%.3f,\"magY\":%.3f,\"magZ\":%.3f",
                random.nextGaussian() * 30, random.nextGaussian() * 30, random.nextGaussian() * 30) : "";
        return "{\"ts\":\"" + ts + "\"," + values + mag + "}";
    }
}
