package dev.integrity.device;

import dev.integrity.platform.partition.RetentionMode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an attacker sends an IMU parser, shared by the fuzz test and the hostile-input benchmark:
 * runs of digits, deep nesting, long strings, many columns, bodies one sample over the limit.
 */
public final class HostileInput {

    private HostileInput() {
    }

    /** The shapes: each a whole body, most far larger than any sensor sends. */
    public static List<byte[]> shapes(Instant now) {
        String header = "ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n";
        String ts = now.minusSeconds(3600).toString();
        List<String> bodies = new ArrayList<>();
        bodies.add(header + ts + "," + "1".repeat(20_000) + "x,1,1,1,1,1\n");
        bodies.add(header + ts + "," + "1".repeat(200_000) + ",1,1,1,1,1\n");
        bodies.add(header + ts + "," + "1.".repeat(50_000) + ",1,1,1,1,1\n");
        bodies.add(header + ts + "," + "1e".repeat(50_000) + "1,1,1,1,1,1\n");
        bodies.add("ts," + "accX,".repeat(20_000) + "accY\n");
        bodies.add("ts,accX,accY,accZ,gyroX,gyroY," + "g".repeat(200_000) + "\n" + ts + ",1,1,1,1,1,1\n");
        bodies.add(header + ",".repeat(200_000) + "\n");
        bodies.add(header + (ts + ",1,1,1,1,1,1,1\n").repeat(20_000));
        bodies.add("[".repeat(100_000));
        bodies.add("[{\"ts\":\"" + ts + "\",\"accX\":" + "9".repeat(100_000) + "}]");
        bodies.add("[{\"ts\":\"" + ts + "\",\"accX\":1e999999999,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1}]");
        bodies.add("[{\"" + "k".repeat(200_000) + "\":1}]");
        bodies.add("[{\"ts\":\"" + "t".repeat(200_000) + "\"}]");
        bodies.add("[" + "{},".repeat(100_000) + "{}]");
        bodies.add("[{\"accX\":" + "[".repeat(10_000) + "]}]");
        bodies.add("[{\"ts\":\"" + ts + "\"" + ",\"accX\":1".repeat(50_000) + "}]");
        bodies.add(("{\"ts\":\"" + ts + "\",\"accX\":NaN,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1}\n").repeat(5_000));
        bodies.add("\"" + "\\u0000".repeat(100_000) + "\"");
        bodies.add("\uFEFF[{\"ts\":\"" + ts + "\"}]");
        bodies.add("");
        bodies.add(" ".repeat(1_000_000));
        List<byte[]> out = new ArrayList<>();
        bodies.forEach(b -> out.add(b.getBytes(StandardCharsets.UTF_8)));
        byte[] notUtf8 = (header + ts + ",1,1,1,1,1,1\n").getBytes(StandardCharsets.UTF_8);
        notUtf8[header.length() + 3] = (byte) 0xC3;
        out.add(notUtf8);
        byte[] overBatch = ("[" + ("{\"ts\":\"" + ts + "\",\"accX\":1,\"accY\":1,\"accZ\":1,\"gyroX\":1,\"gyroY\":1,\"gyroZ\":1},").repeat(10_001))
                .getBytes(StandardCharsets.UTF_8);
        overBatch[overBatch.length - 1] = ']';
        out.add(overBatch);
        return out;
    }

    /** The service's defaults, for a parser made outside Quarkus. */
    public static DeviceConfig config() {
        return new DeviceConfig() {
            @Override
            public ProvisioningMode provisioning() {
                return ProvisioningMode.OPEN;
            }

            @Override
            public Optional<String> enrollmentToken() {
                return Optional.empty();
            }

            @Override
            public int maxBatch() {
                return 10_000;
            }

            @Override
            public Duration maxFuture() {
                return Duration.ofDays(1);
            }

            @Override
            public int premakeDays() {
                return 7;
            }

            @Override
            public int retentionDays() {
                return 365;
            }

            @Override
            public RetentionMode retentionMode() {
                return RetentionMode.DROP;
            }

            @Override
            public Duration onlineWindow() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Jobs jobs() {
                return null;
            }
        };
    }
}
