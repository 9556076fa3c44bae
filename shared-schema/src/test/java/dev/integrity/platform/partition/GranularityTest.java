package dev.integrity.platform.partition;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Partition periods: UTC days and months, whatever the instant's own offset was. */
class GranularityTest {

    @Test
    void aPeriodStartsAtUtcMidnightOrTheFirstOfTheMonth() {
        Instant at = Instant.parse("2025-01-31T23:59:59.999999Z");
        assertEquals(Instant.parse("2025-01-31T00:00:00Z"), Granularity.DAY.floor(at));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), Granularity.MONTH.floor(at));
        assertEquals(Instant.parse("2025-02-01T00:00:00Z"), Granularity.DAY.floor(Instant.parse("2025-02-01T00:00:00Z")));
    }

    @Test
    void theNextPeriodCrossesMonthsOfEveryLengthAndLeapDays() {
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), Granularity.DAY.next(Instant.parse("2024-02-28T00:00:00Z")));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), Granularity.DAY.next(Instant.parse("2024-02-29T00:00:00Z")));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z"), Granularity.MONTH.next(Instant.parse("2024-02-01T00:00:00Z")));
        assertEquals(Instant.parse("2025-01-01T00:00:00Z"), Granularity.MONTH.next(Instant.parse("2024-12-01T00:00:00Z")));
        assertEquals(Instant.parse("2025-02-01T00:00:00Z"), Granularity.MONTH.plus(Instant.parse("2024-12-01T00:00:00Z"), 2));
        assertEquals(Instant.parse("2024-12-31T00:00:00Z"), Granularity.DAY.plus(Instant.parse("2025-01-02T00:00:00Z"), -2));
        assertEquals(Instant.parse("2025-01-02T00:00:00Z"), Granularity.DAY.plus(Instant.parse("2025-01-02T00:00:00Z"), 0));
    }

    @Test
    void aPartitionedTableIsNamedSchemaDotTable() {
        PartitionedTable table = new PartitionedTable("device.imu_data", Granularity.DAY);
        assertEquals("device", table.schema());
        assertEquals("imu_data", table.table());
        for (String bad : new String[] {"imu_data", "device.imu_data; DROP TABLE x", "Device.imu_data", "a.b.c", ".imu_data"}) {
            assertThrows(IllegalArgumentException.class, () -> new PartitionedTable(bad, Granularity.DAY), bad);
        }
    }
}
