package dev.integrity.platform.jobs;

import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every replica's scheduler fires every cron schedule at the same instant. The advisory lock alone
 * kept two replicas from running a job together, not one after the other: a quick job finished on
 * the first replica before the second replica's scheduler, a little late, took the lock and ran it
 * again (issue 18's replica drill). One run per fire time, whichever replica is first.
 */
@QuarkusTest
@WithTestResource(PlatformTestResource.class)
@TestProfile(ScheduledRunsTest.Scheduling.class)
class ScheduledRunsTest {

    /** The replica's scheduler is on, as in the base and dev overlays. */
    public static class Scheduling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("platform.jobs.schedule", "true");
        }
    }

    private static final Instant FIRE = Instant.parse("2026-12-07T03:20:00Z");

    @Inject
    MaintenanceJobRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void quickBlockingJob() throws SQLException {
        execute("DELETE FROM platform_test.job_run WHERE job = 'blocking-test'");
        TestJobs.BlockingJob.entered = new CountDownLatch(1);
        TestJobs.BlockingJob.release = new CountDownLatch(0);
    }

    @Test
    void aFireTimeThatOneReplicaRanIsNotRunAgainByTheNextReplicasSchedulerFiringLate() throws SQLException {
        JobRunView first = runner.runScheduled("blocking-test", FIRE).orElseThrow();
        assertEquals("succeeded", first.outcome());
        assertEquals(FIRE, first.scheduledFor());
        assertEquals(JobTrigger.SCHEDULE, first.trigger());

        // The other replica's scheduler fires for the same schedule once the first run has finished;
        // its fire time carries the milliseconds its own clock added.
        assertTrue(runner.runScheduled("blocking-test", FIRE.plusMillis(740)).isEmpty(), "the fire time already ran");
        assertEquals(1, count("SELECT count(*) FROM platform_test.job_run WHERE job = 'blocking-test'"));

        assertEquals(FIRE.plusSeconds(60), runner.runScheduled("blocking-test", FIRE.plusSeconds(60)).orElseThrow().scheduledFor(),
                "the next fire time runs");
        assertEquals("succeeded", runner.run("blocking-test", JobTrigger.ADMIN).outcome(), "a run someone asks for is not held to a fire time");
        assertEquals(3, count("SELECT count(*) FROM platform_test.job_run WHERE job = 'blocking-test'"));
    }

    @Test
    void theDatabaseRefusesASecondRunRecordForOneFireTime() throws SQLException {
        String insert = "INSERT INTO platform_test.job_run (job, trigger, instance, scheduled_for, finished_at, outcome) "
                + "VALUES ('blocking-test', 'schedule', '%s', '" + FIRE + "', now(), 'succeeded')";
        execute(insert.formatted("replica-a"));
        SQLException twice = assertThrows(SQLException.class, () -> execute(insert.formatted("replica-b")));
        assertEquals("23505", twice.getSQLState());
        assertTrue(twice.getMessage().contains("job_run_once_per_schedule"), twice.getMessage());
        SQLException adminWithFireTime = assertThrows(SQLException.class, () -> execute(
                "INSERT INTO platform_test.job_run (job, trigger, instance, scheduled_for) VALUES ('blocking-test', 'admin', 'x', now())"));
        assertEquals("23514", adminWithFireTime.getSQLState(), "only a scheduled run has a fire time");
    }

    @Test
    void whileAnotherReplicaRunsTheJobTheFireIsSkippedAndRecordsNothing() throws Exception {
        TestJobs.BlockingJob.release = new CountDownLatch(1);
        Thread other = new Thread(() -> runner.runScheduled("blocking-test", FIRE));
        other.start();
        try {
            assertTrue(TestJobs.BlockingJob.entered.await(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(runner.runScheduled("blocking-test", FIRE).isEmpty());
        } finally {
            TestJobs.BlockingJob.release.countDown();
            other.join(30_000);
        }
        assertEquals(1, count("SELECT count(*) FROM platform_test.job_run WHERE job = 'blocking-test' AND outcome = 'succeeded'"));
    }

    private long count(String sql) throws SQLException {
        return Counts.of(dataSource, sql);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
