package dev.integrity.platform.jobs;

import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.PlatformTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
class MaintenanceJobRunnerTest {

    @Inject
    MaintenanceJobRunner runner;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void ofTwoConcurrentRunsOfOneJobExactlyOneRunsAndTheOtherIsToldItIsAlreadyRunning() throws Exception {
        execute("DELETE FROM platform_test.job_run WHERE job = 'blocking-test'");
        TestJobs.BlockingJob.entered = new CountDownLatch(1);
        TestJobs.BlockingJob.release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<JobRunView> first = pool.submit(() -> runner.run("blocking-test", JobTrigger.ADMIN));
            assertTrue(TestJobs.BlockingJob.entered.await(30, TimeUnit.SECONDS), "the first run started");

            assertEquals("running", runner.lastRun("blocking-test").orElseThrow().outcome(),
                    "a run in progress is visible while it lasts");
            Future<JobRunView> second = pool.submit(() -> runner.run("blocking-test", JobTrigger.SCHEDULE));
            var refused = assertThrows(java.util.concurrent.ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof JobAlreadyRunning, "got " + refused.getCause());
            assertTrue(refused.getCause().getMessage().contains("already running"));

            TestJobs.BlockingJob.release.countDown();
            JobRunView run = first.get(30, TimeUnit.SECONDS);
            assertEquals("succeeded", run.outcome());
            assertEquals(7L, run.rowsAffected());
            assertEquals("released", run.detail().get("note"));
        } finally {
            TestJobs.BlockingJob.release.countDown();
            pool.shutdownNow();
        }
        assertEquals(1, count("SELECT count(*) FROM platform_test.job_run WHERE job = 'blocking-test'"),
                "the refused attempt ran nothing and recorded nothing");
    }

    /**
     * The app role's limits (a minute per statement and per idle transaction) hold for every request;
     * a job's own transaction, which sits idle while the job works elsewhere, runs under the job's
     * timeout instead. Its lock waits keep the role's limit.
     */
    @Test
    void aJobsTransactionRunsUnderTheJobTimeoutWhileTheAppRoleKeepsItsLimits() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('statement_timeout'), "
                     + "current_setting('idle_in_transaction_session_timeout'), current_setting('lock_timeout')")) {
            rs.next();
            assertEquals(List.of("1min", "1min", "10s"), List.of(rs.getString(1), rs.getString(2), rs.getString(3)), "the app role's own");
        }
        JobRunView run = runner.run("limits-test", JobTrigger.ADMIN);
        assertEquals(Map.of("statementTimeout", "30min", "idleInTransaction", "30min", "lockTimeout", "10s"), run.detail());
        // Long work a person starts over the API (a deduplication run) gets the same limits.
        assertEquals(List.of("30min", "30min"), runner.underJobLimits(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('statement_timeout'), "
                         + "current_setting('idle_in_transaction_session_timeout')")) {
                rs.next();
                return List.of(rs.getString(1), rs.getString(2));
            }
        }));
    }

    /** A job that gave up on its locks says, in its run record, who held them: the operator's view, never a client's. */
    @Test
    void aJobThatGaveUpOnItsLocksRecordsWhoHeldThem() {
        JobFailed failed = assertThrows(JobFailed.class, () -> runner.run("locked-out-test", JobTrigger.ADMIN));
        JobRunView run = (JobRunView) failed.toProblem().getExtensions().get("run");
        assertEquals("urn:integrity:problem:partition-lock-timeout", run.errorType());
        assertEquals("detaching a retired partition", run.detail().get("step"));
        assertEquals(List.of(Map.of("pid", 4242, "role", "analyst", "mode", "AccessShareLock", "query", "SELECT * FROM device.imu_data")),
                runner.lastRun("locked-out-test").orElseThrow().detail().get("blockedBy"), "as stored in job_run");
    }

    @Test
    void aFailedJobIsRecordedWithItsProblemTypeAndErrorIdNeverItsTextAndItsWorkIsRolledBack() throws SQLException {
        JobFailed failed = assertThrows(JobFailed.class, () -> runner.run("failing-test", JobTrigger.ADMIN));
        JobRunView run = (JobRunView) failed.toProblem().getExtensions().get("run");
        assertEquals("failed", run.outcome());
        assertEquals("urn:integrity:problem:internal", run.errorType());
        assertEquals(run.errorId(), failed.toProblem().getExtensions().get("errorId"));
        assertEquals("job failing-test failed (urn:integrity:problem:internal); quote error id " + run.errorId(), failed.getMessage());
        assertFalse(run.toString().contains("as designed"), "the exception's text stays in the log: " + run);
        assertEquals(1, count("SELECT count(*) FROM platform_test.job_run WHERE error_id = '" + run.errorId() + "' AND error_type = 'internal'"));
        assertTrue(run.finishedAt() != null);
        assertEquals(0, count("SELECT count(*) FROM platform_test.job_effects"));
        assertEquals("failed", runner.lastRun("failing-test").orElseThrow().outcome());
    }

    @Test
    void aRunLeftRunningByADeadReplicaIsMarkedAbandonedByTheNextRun() throws SQLException {
        execute("INSERT INTO platform_test.job_run (job, trigger, instance, outcome) "
                + "VALUES ('blocking-test', 'schedule', 'replica-that-died', 'running')");
        TestJobs.BlockingJob.entered = new CountDownLatch(1);
        TestJobs.BlockingJob.release = new CountDownLatch(0);

        assertEquals("succeeded", runner.run("blocking-test", JobTrigger.ADMIN).outcome());
        assertEquals(1, count("SELECT count(*) FROM platform_test.job_run WHERE instance = 'replica-that-died' AND outcome = 'abandoned'"));
    }

    @Test
    void anUnknownJobIsNotFound() {
        var e = assertThrows(dev.integrity.platform.error.NotFoundProblem.class, () -> runner.run("no-such-job", JobTrigger.ADMIN));
        assertEquals(404, e.status());
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
