package dev.integrity.platform.partition;

import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PartitionMaintenanceTest {

    static final PartitionedTable DAILY = new PartitionedTable("platform_test.daily_events", Granularity.DAY);
    static final PartitionedTable MONTHLY = new PartitionedTable("platform_test.monthly_events", Granularity.MONTH);

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void premakeCreatesTheCurrentPeriodThroughTheHorizonAndIsIdempotent() {
        Instant today = Granularity.DAY.floor(Instant.now());
        Instant horizon = Granularity.DAY.plus(today, 5);
        partitions.premake(DAILY, 5);

        assertEquals(List.of(), partitions.missingPeriods(DAILY, today, horizon));
        assertEquals(0, partitions.premake(DAILY, 5), "a second premake creates nothing");
        assertEquals(1, partitions.premake(DAILY, 6), "extending the horizon by one creates one");
    }

    @Test
    void aBatchIsCoveredPeriodByPeriodNotKeyByKey() {
        Instant day = Granularity.DAY.plus(Granularity.DAY.floor(Instant.now()), 40);
        Instant start = day.plusSeconds(23 * 3600);
        List<Instant> keys = java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> start.plusMillis(720L * i)).toList();
        assertEquals(2, partitions.missingPeriods(DAILY, day, Granularity.DAY.plus(day, 1)).size());
        int before = partitions.list(DAILY).size();
        partitions.ensureCovered(DAILY, keys);
        assertEquals(List.of(), partitions.missingPeriods(DAILY, day, Granularity.DAY.plus(day, 1)));
        assertEquals(before + 2, partitions.list(DAILY).size(), "10,000 samples over two days made two partitions");
    }

    @Test
    void monthlyPartitionsUseUtcMonthBoundariesAndTheSeedsNames() {
        partitions.ensure(MONTHLY, Instant.parse("2024-11-30T23:59:59Z"));
        PartitionInfo november = partitions.list(MONTHLY).stream()
                .filter(p -> p.name().equals("monthly_events_2024_11")).findFirst().orElseThrow();
        assertEquals(Instant.parse("2024-11-01T00:00:00Z"), november.from());
        assertEquals(Instant.parse("2024-12-01T00:00:00Z"), november.to());
    }

    @Test
    void twoConcurrentCallersForOneMissingPartitionBothSucceedAndOnePartitionExists() throws Exception {
        Instant at = Instant.parse("2019-03-10T12:00:00Z");
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> {
                start.await();
                return partitions.ensure(DAILY, at);
            });
            Future<String> second = pool.submit(() -> {
                start.await();
                return partitions.ensure(DAILY, at);
            });
            String a = first.get(30, TimeUnit.SECONDS);
            String b = second.get(30, TimeUnit.SECONDS);
            assertEquals("daily_events_2019_03_10", a);
            assertEquals(a, b);
        } finally {
            pool.shutdownNow();
        }
        long covering = partitions.list(DAILY).stream().filter(p -> p.covers(at)).count();
        assertEquals(1, covering);
    }

    @Test
    void writesWithinWithPartitionsAreStoredEvenWhenTheirPartitionWasMissing() throws SQLException {
        Instant at = Instant.parse("2018-07-04T08:30:00Z");
        assertFalse(partitions.list(DAILY).stream().anyMatch(p -> p.covers(at)));

        partitions.withPartitions(DAILY, List.of(at), () -> QuarkusTransaction.requiringNew().call(() -> insert("daily_events", at)));

        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2018-07-04T08:30:00Z'"));
    }

    @Test
    void withPartitionsRecreatesAPartitionDroppedBehindTheCachesBack() throws SQLException {
        Instant at = Instant.parse("2017-01-15T00:00:00Z");
        partitions.ensure(DAILY, at);
        execute("DROP TABLE platform_test.daily_events_2017_01_15"); // another replica's retention, say

        partitions.withPartitions(DAILY, List.of(at), () -> QuarkusTransaction.requiringNew().call(() -> insert("daily_events", at)));

        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2017-01-15T00:00:00Z'"));
    }

    @Test
    void retentionDropsOrDetachesOnlyPartitionsWhollyOlderThanTheCutoff() throws SQLException {
        Instant d1 = Instant.parse("2016-05-01T10:00:00Z");
        Instant d2 = Instant.parse("2016-05-02T10:00:00Z");
        Instant d3 = Instant.parse("2016-05-03T10:00:00Z");
        for (Instant d : List.of(d1, d2, d3)) {
            partitions.withPartitions(DAILY, List.of(d), () -> QuarkusTransaction.requiringNew().call(() -> insert("daily_events", d)));
        }
        // Everything before 2016-05-02 12:00: only 05-01 lies wholly before it; 05-02 straddles it.
        List<String> dropped = partitions.retire(DAILY, Instant.parse("2016-05-02T12:00:00Z"), RetentionMode.DROP);
        assertTrue(dropped.contains("daily_events_2016_05_01"));
        assertFalse(dropped.contains("daily_events_2016_05_02"));
        assertEquals(0, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2016-05-01T10:00:00Z'"));
        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2016-05-02T10:00:00Z'"));

        List<String> detached = partitions.retire(DAILY, Instant.parse("2016-05-03T00:00:00Z"), RetentionMode.DETACH);
        assertTrue(detached.contains("daily_events_2016_05_02"));
        assertEquals(0, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2016-05-02T10:00:00Z'"));
        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events_2016_05_02"), "a detached partition keeps its rows");
        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2016-05-03T10:00:00Z'"));
    }

    @Test
    void theDefaultPartitionReportCountsStuckRows() throws SQLException {
        assertEquals(0, partitions.defaultPartitionRows(MONTHLY), "no default partition, nothing stuck");
        execute("CREATE TABLE platform_test.monthly_events_default PARTITION OF platform_test.monthly_events DEFAULT");
        try {
            for (String at : List.of("2001-01-01T00:00:00Z", "2001-02-01T00:00:00Z", "2001-03-01T00:00:00Z")) {
                execute("INSERT INTO platform_test.monthly_events (at) VALUES ('" + at + "')");
            }
            assertEquals(3, partitions.defaultPartitionRows(MONTHLY));
            assertTrue(partitions.list(MONTHLY).stream().anyMatch(PartitionInfo::isDefault));
        } finally {
            execute("DROP TABLE platform_test.monthly_events_default");
        }
    }

    @Test
    void onlyRegisteredTablesCanBeExtended() {
        PartitionedTable unregistered = new PartitionedTable("platform_test.job_effects", Granularity.DAY);
        RuntimeException failure = assertThrows(RuntimeException.class, () -> partitions.ensure(unregistered, Instant.now()));
        assertTrue(dev.integrity.platform.error.SqlStates.is(failure, "42P01"), "undefined_table, not a DDL attempt");
    }

    private int insert(String table, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform_test." + table + " (at) VALUES (?)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    /** As the schemas' owner: a partition, attached or detached, is no table of the app role's (docs/security.md). */
    private long count(String sql) throws SQLException {
        try (Connection c = PlatformTestResource.owner()) {
            return Counts.of(c, sql);
        }
    }

    /** DDL the service itself may not run (a partition dropped behind its back): as the schemas' owner. */
    private void execute(String sql) throws SQLException {
        try (Connection c = PlatformTestResource.owner(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
