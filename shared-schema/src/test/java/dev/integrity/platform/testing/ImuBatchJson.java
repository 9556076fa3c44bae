package dev.integrity.platform.testing;

import java.time.Instant;

/** IMU batches as the drills send them: the same JSON for the same arguments, so a batch sent again is the same batch. */
public final class ImuBatchJson {

    private ImuBatchJson() {
    }

    /** {@code samples} samples from {@code first}, {@code stepMillis} apart, every one with the same readings. */
    public static String of(Instant first, long stepMillis, int samples) {
        StringBuilder out = new StringBuilder(samples * 100).append('[');
        for (int k = 0; k < samples; k++) {
            out.append(k == 0 ? "" : ",").append("{\"ts\":\"").append(first.plusMillis(stepMillis * k))
                    .append("\",\"accX\":0.1,\"accY\":0.2,\"accZ\":9.8,\"gyroX\":0,\"gyroY\":0,\"gyroZ\":0}");
        }
        return out.append(']').toString();
    }
}
