package dev.integrity.platform.partition;

import java.time.Instant;

/** One partition and the range it holds; {@code null} bounds are MINVALUE / MAXVALUE. */
public record PartitionInfo(String name, Instant from, Instant to, boolean isDefault) {

    public boolean covers(Instant at) {
        return !isDefault && (from == null || !from.isAfter(at)) && (to == null || to.isAfter(at));
    }
}
