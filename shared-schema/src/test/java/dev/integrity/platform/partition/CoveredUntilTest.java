package dev.integrity.platform.partition;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How far ahead a table's partitions reach: what the readiness alert reads. */
class CoveredUntilTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static NavigableMap<Instant, PartitionInfo> days(String... starts) {
        NavigableMap<Instant, PartitionInfo> partitions = new TreeMap<>();
        for (String start : starts) {
            Instant from = Instant.parse(start + "T00:00:00Z");
            partitions.put(from, new PartitionInfo("p_" + start, from, from.plusSeconds(86_400), false));
        }
        return partitions;
    }

    private static double seconds(String at) {
        return Instant.parse(at).getEpochSecond();
    }

    @Test
    void theRunOfAdjacentPartitionsFromNowOnEndsAtTheLastOnesUpperBound() {
        assertEquals(seconds("2026-12-05T00:00:00Z"), PartitionMaintenance.coveredUntil(days("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"), NOW));
        // Today (12-02) holds now; 12-03 and 12-04 are ready after it.
        assertEquals(2, PartitionMaintenance.readyAhead(days("2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"), NOW));
    }

    @Test
    void aGapEndsTheRunEvenWithPartitionsBeyondIt() {
        assertEquals(seconds("2026-12-04T00:00:00Z"), PartitionMaintenance.coveredUntil(days("2026-12-02", "2026-12-03", "2026-12-05"), NOW));
        assertEquals(1, PartitionMaintenance.readyAhead(days("2026-12-02", "2026-12-03", "2026-12-05"), NOW));
    }

    @Test
    void noPartitionForTheCurrentPeriodMeansNothingAheadAndUnknownTablesAreNaN() {
        assertEquals(NOW.getEpochSecond(), PartitionMaintenance.coveredUntil(days("2026-12-03", "2026-12-04"), NOW));
        assertTrue(Double.isNaN(PartitionMaintenance.coveredUntil(null, NOW)));
        assertEquals(0, PartitionMaintenance.readyAhead(days("2026-12-03", "2026-12-04"), NOW));
        assertTrue(Double.isNaN(PartitionMaintenance.readyAhead(null, NOW)));
    }

    @Test
    void anOpenEndedPartitionReachesForever() {
        NavigableMap<Instant, PartitionInfo> partitions = days("2026-12-02");
        Instant to = Instant.parse("2026-12-03T00:00:00Z");
        partitions.put(to, new PartitionInfo("p_rest", to, null, false));
        assertEquals(Double.POSITIVE_INFINITY, PartitionMaintenance.coveredUntil(partitions, NOW));
        assertEquals(Double.POSITIVE_INFINITY, PartitionMaintenance.readyAhead(partitions, NOW));
    }
}
