package dev.integrity.device;

import io.smallrye.config.SmallRyeConfigBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an attacker sends an IMU parser, shared by the fuzz test and the hostile-input benchmark:
 * runs of digits, deep nesting, long strings, many columns, bodies one sample over the limit.
 */
public final class HostileInput {

    private HostileInput() {
    }

    /** A hostile body and what it is, for the benchmark's table and the fuzz test's messages. */
    public record Shape(String name, byte[] body) {
    }

    /** The shapes: each a whole body, most far larger than any sensor sends. */
    public static List<Shape> shapes(Instant now) {
        String header = "ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n";
        String ts = now.minusSeconds(3600).toString();
        List<Shape> out = new ArrayList<>();
        add(out, "20,000 digits then x", header + ts + "," + "1".repeat(20_000) + "x,1,1,1,1,1\n");
        add(out, "200,000 digits", header + ts + "," + "1".repeat(200_000) + ",1,1,1,1,1\n");
        add(out, "50,000 '1.'", header + ts + "," + "1.".repeat(50_000) + ",1,1,1,1,1\n");
        add(out, "50,000 '1e'", header + ts + "," + "1e".repeat(50_000) + "1,1,1,1,1,1\n");
        add(out, "a header of 20,000 columns", "ts," + "accX,".repeat(20_000) + "accY\n");
        add(out, "a 200,000-character column name", "ts,accX,accY,accZ,gyroX,gyroY," + "g".repeat(200_000) + "\n" + ts + ",1,1,1,1,1,1\n");
        add(out, "200,000 commas", header + ",".repeat(200_000) + "\n");
        add(out, "20,000 rows of one field too many", header + (ts + ",1,1,1,1,1,1,1\n").repeat(20_000));
        add(out, "100,000 '['", "[".repeat(100_000));
        add(out, "a 100,000-digit number", "[{\"ts\":\"" + ts + "\",\"accX\":" + "9".repeat(100_000) + "}]");
        add(out, "1e999999999", "[{\"ts\":\"" + ts + "\",\"accX\":1e999999999,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1}]");
        add(out, "a 200,000-character key", "[{\"" + "k".repeat(200_000) + "\":1}]");
        add(out, "a 200,000-character ts", "[{\"ts\":\"" + "t".repeat(200_000) + "\"}]");
        add(out, "100,000 empty objects", "[" + "{},".repeat(100_000) + "{}]");
        add(out, "a value nested 10,000 deep", "[{\"accX\":" + "[".repeat(10_000) + "]}]");
        add(out, "one key 50,000 times", "[{\"ts\":\"" + ts + "\"" + ",\"accX\":1".repeat(50_000) + "}]");
        add(out, "5,000 NaN samples", ("{\"ts\":\"" + ts + "\",\"accX\":NaN,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1}\n").repeat(5_000));
        add(out, "100,000 escaped NULs", "\"" + "\\u0000".repeat(100_000) + "\"");
        add(out, "a byte-order mark", "\uFEFF[{\"ts\":\"" + ts + "\"}]");
        add(out, "an empty body", "");
        add(out, "1,000,000 spaces", " ".repeat(1_000_000));
        byte[] notUtf8 = (header + ts + ",1,1,1,1,1,1\n").getBytes(StandardCharsets.UTF_8);
        notUtf8[header.length() + 3] = (byte) 0xC3;
        out.add(new Shape("a broken UTF-8 sequence", notUtf8));
        byte[] overBatch = ("[" + ("{\"ts\":\"" + ts + "\",\"accX\":1,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1},").repeat(10_001))
                .getBytes(StandardCharsets.UTF_8);
        overBatch[overBatch.length - 1] = ']';
        out.add(new Shape("10,001 samples", overBatch));
        return out;
    }

    private static void add(List<Shape> shapes, String name, String body) {
        shapes.add(new Shape(name, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The service's defaults, for a parser made outside Quarkus: DeviceConfig read by SmallRye Config itself. */
    public static DeviceConfig config() {
        return new SmallRyeConfigBuilder().withMapping(DeviceConfig.class).build().getConfigMapping(DeviceConfig.class);
    }
}
