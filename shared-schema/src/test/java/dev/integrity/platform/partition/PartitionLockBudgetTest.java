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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock budget of partition upkeep, with the parent held by another session the way an export or
 * an analyst's long query holds it: which lock each step asks for, who waits for it, and what a
 * step that cannot have its locks says when it gives up.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
class PartitionLockBudgetTest {

    static final PartitionedTable DAILY = PartitionMaintenanceTest.DAILY;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    AgroalDataSource dataSource;

    /**
     * A new partition is attached, never created as PARTITION OF: it asks for SHARE UPDATE EXCLUSIVE
     * on the parent (seen waiting behind a session that holds that lock), never ACCESS EXCLUSIVE;
     * while it waits, a write into an existing partition goes through; once the holder lets go, the
     * late write is stored.
     */
    @Test
    void aNewPartitionAsksForShareUpdateExclusiveOnTheParentAndNoWriterWaitsForIt() throws Exception {
        Instant existing = Instant.parse("2019-04-01T10:00:00Z");
        partitions.ensure(DAILY, existing);
        Instant late = Instant.parse("2019-04-07T10:00:00Z");
        try (Connection holder = PlatformTestResource.owner()) {
            holder.setAutoCommit(false);
            execute(holder, "LOCK TABLE platform_test.daily_events IN SHARE UPDATE EXCLUSIVE MODE");
            CompletableFuture<Integer> lateWrite = CompletableFuture.supplyAsync(() -> partitions.withPartitions(DAILY, List.of(late),
                    () -> QuarkusTransaction.requiringNew().call(() -> insert(late))));

            String asked = waitingModeOnTheParent(holder);
            assertEquals("ShareUpdateExclusiveLock", asked, "ATTACH PARTITION's lock, not CREATE TABLE ... PARTITION OF's");
            CompletableFuture<Integer> otherWrite = CompletableFuture.supplyAsync(() -> insert(existing));
            assertEquals(1, otherWrite.get(5, TimeUnit.SECONDS), "a write into an existing partition does not wait");
            assertFalse(lateWrite.isDone(), "the late write waits for its partition");

            holder.commit();
            assertEquals(1, lateWrite.get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, count("SELECT count(*) FROM platform_test.daily_events WHERE at = '2019-04-07T10:00:00Z'"));
    }

    /**
     * A step that cannot have its locks within the budget gives up: the write is a 503 that says
     * nothing of who held the lock, and the diagnosis (for a job's run record) names the holder's pid
     * and query.
     */
    @Test
    void aStepThatCannotHaveItsLocksGivesUpAndNamesWhoHeldThem() throws Exception {
        Instant late = Instant.parse("2019-05-07T10:00:00Z");
        PartitionLockTimeout refused;
        int holderPid;
        // The service's own role holds the lock here (an export of its own): pg_stat_activity shows a
        // role its own sessions' queries, and others' pid, role and lock only.
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holderPid = Math.toIntExact(Counts.of(holder, "SELECT pg_backend_pid()"));
            execute(holder, "LOCK TABLE platform_test.daily_events IN SHARE UPDATE EXCLUSIVE MODE /* the-export */");
            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> CompletableFuture.runAsync(() -> partitions.ensure(DAILY, late)).get(60, TimeUnit.SECONDS));
            refused = assertInstanceOf(PartitionLockTimeout.class, failed.getCause());
            holder.rollback();
        }
        assertEquals(503, refused.status());
        assertEquals("2", refused.headers().get("Retry-After"));
        String answer = refused.toProblem().getDetail() + refused.toProblem().getExtensions();
        assertFalse(answer.contains("the-export") || answer.contains(String.valueOf(holderPid)), "the client is told nothing of it: " + answer);

        Map<String, Object> diagnosis = refused.diagnosis();
        assertEquals(5, diagnosis.get("attempts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> holders = (List<Map<String, Object>>) diagnosis.get("blockedBy");
        Optional<Map<String, Object>> named = holders.stream().filter(h -> h.get("pid").equals(holderPid)).findFirst();
        assertTrue(named.isPresent(), "the holder is named: " + holders);
        assertEquals("ShareUpdateExclusiveLock", named.get().get("mode"));
        assertTrue(String.valueOf(named.get().get("query")).contains("the-export"), named.get().toString());
        assertEquals(0, count("SELECT count(*) FROM platform_test.partition_list('platform_test.daily_events') WHERE partition_name = 'daily_events_2019_05_07'"),
                "nothing was made");
    }

    /**
     * Retention detaches CONCURRENTLY: behind a long read of the parent it waits (for the reader's
     * transaction, not for a lock on the parent that writers need), writes go on meanwhile, and once
     * the read ends the partition is detached and dropped.
     */
    @Test
    void retentionWaitsForALongReadWithoutHoldingUpWritesThenDrops() throws Exception {
        Instant old = Instant.parse("2017-03-01T10:00:00Z");
        Instant existing = Instant.parse("2019-04-01T10:00:00Z");
        partitions.withPartitions(DAILY, List.of(old), () -> QuarkusTransaction.requiringNew().call(() -> insert(old)));
        partitions.ensure(DAILY, existing);
        CompletableFuture<List<String>> retention;
        try (Connection reader = PlatformTestResource.owner()) {
            reader.setAutoCommit(false);
            Counts.of(reader, "SELECT count(*) FROM platform_test.daily_events /* the-export */");
            retention = CompletableFuture.supplyAsync(
                    () -> partitions.retire(DAILY, Instant.parse("2017-03-02T00:00:00Z"), RetentionMode.DROP));
            waitUntil(() -> count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%DETACH PARTITION%CONCURRENTLY%'") == 1);
            assertEquals(0, count("SELECT count(*) FROM pg_locks WHERE relation = 'platform_test.daily_events'::regclass "
                    + "AND mode = 'AccessExclusiveLock'"), "no one holds or asks for ACCESS EXCLUSIVE on the parent");
            assertEquals(1, CompletableFuture.supplyAsync(() -> insert(existing)).get(5, TimeUnit.SECONDS),
                    "a write goes through while retention waits");
            assertFalse(retention.isDone(), "retention waits for the reader");
            reader.commit();
        }
        assertEquals(List.of("daily_events_2017_03_01"), retention.get(60, TimeUnit.SECONDS));
        assertEquals(0, count("SELECT count(*) FROM pg_class WHERE relname = 'daily_events_2017_03_01'"), "dropped");
    }

    /** A detach cut short (its session cancelled while it waited) is left pending; the next retention finishes it. */
    @Test
    void aDetachLeftPendingIsFinishedByTheNextRetention() throws Exception {
        Instant old = Instant.parse("2017-06-01T10:00:00Z");
        partitions.ensure(DAILY, old);
        try (Connection reader = PlatformTestResource.owner(); Connection detacher = PlatformTestResource.owner()) {
            reader.setAutoCommit(false);
            Counts.of(reader, "SELECT count(*) FROM platform_test.daily_events");
            execute(detacher, "SET statement_timeout = '500ms'");
            SQLException cut = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> execute(detacher,
                    "ALTER TABLE platform_test.daily_events DETACH PARTITION platform_test.daily_events_2017_06_01 CONCURRENTLY"));
            assertEquals("57014", cut.getSQLState(), "cancelled by its statement_timeout");
            reader.commit();
        }
        assertEquals(1, count("SELECT count(*) FROM pg_inherits WHERE inhdetachpending"), "left pending");
        // A write for that day meanwhile: the partition is listed but takes no rows. A 503 to retry, not a 500.
        Instant sameDay = Instant.parse("2017-06-01T12:00:00Z");
        RuntimeException waiting = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> partitions.withPartitions(DAILY, List.of(sameDay), () -> QuarkusTransaction.requiringNew().call(() -> insert(sameDay))));
        PartitionLockTimeout retry = assertInstanceOf(PartitionLockTimeout.class, waiting);
        assertEquals(503, retry.status());
        List<String> retired = partitions.retire(DAILY, Instant.parse("2017-06-02T00:00:00Z"), RetentionMode.DROP);
        assertTrue(retired.contains("daily_events_2017_06_01"), retired.toString());
        assertEquals(0, count("SELECT count(*) FROM pg_inherits WHERE inhdetachpending"));
        // Once it is gone, the same write makes a partition of its own.
        assertEquals(1, partitions.withPartitions(DAILY, List.of(sameDay), () -> QuarkusTransaction.requiringNew().call(() -> insert(sameDay))));
    }

    private String waitingModeOnTheParent(Connection self) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Statement s = self.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT mode FROM pg_locks WHERE relation = 'platform_test.daily_events'::regclass AND NOT granted")) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing waited for a lock on the parent");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitUntil(Check check) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!check.holds()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("did not happen within 20 s");
            }
            Thread.sleep(20);
        }
    }

    private int insert(Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO platform_test.daily_events (at) VALUES (?)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeException(e);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = PlatformTestResource.owner()) {
            return Counts.of(c, sql);
        }
    }

}
