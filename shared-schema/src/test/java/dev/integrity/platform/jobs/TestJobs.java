package dev.integrity.platform.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Jobs that exist only in the shared-schema tests. */
final class TestJobs {

    private TestJobs() {
    }

    /** Holds its lock until released, so a second run can be attempted while it runs. */
    @ApplicationScoped
    static class BlockingJob implements MaintenanceJob {
        // Static: the test holds a client proxy, whose own fields are not the bean's.
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocking-test";
        }

        @Override
        public String description() {
            return "waits until the test releases it";
        }

        @Override
        public JobOutcome run() {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new JobOutcome(7, Map.of("note", "released"));
        }
    }

    /** Writes a row inside the runner's transaction, then fails: the row must not survive. */
    @ApplicationScoped
    static class FailingJob implements MaintenanceJob {
        @Inject
        EntityManager em;

        @Override
        public String name() {
            return "failing-test";
        }

        @Override
        public String description() {
            return "writes, then fails";
        }

        @Override
        public JobOutcome run() {
            em.createNativeQuery("INSERT INTO platform_test.job_effects (note) VALUES ('written by a failing job')").executeUpdate();
            throw new IllegalStateException("the failing job failed as designed");
        }
    }

    /** Gives up on a partition step, as retention does when the table's locks stay held. */
    @ApplicationScoped
    static class LockedOutJob implements MaintenanceJob {
        @Override
        public String name() {
            return "locked-out-test";
        }

        @Override
        public String description() {
            return "gives up on its locks";
        }

        @Override
        public JobOutcome run() {
            throw new dev.integrity.platform.partition.PartitionLockTimeout("detaching a retired partition", 5, List.of(
                    Map.of("pid", 4242, "role", "analyst", "mode", "AccessShareLock", "query", "SELECT * FROM device.imu_data")));
        }
    }

    /** Reports the limits its own transaction runs under. */
    @ApplicationScoped
    static class LimitsJob implements MaintenanceJob {
        @Inject
        EntityManager em;

        @Override
        public String name() {
            return "limits-test";
        }

        @Override
        public String description() {
            return "reports its transaction's limits";
        }

        @Override
        public JobOutcome run() {
            Object[] row = (Object[]) em.createNativeQuery("SELECT current_setting('statement_timeout'), "
                    + "current_setting('idle_in_transaction_session_timeout'), current_setting('lock_timeout')").getSingleResult();
            return new JobOutcome(0, Map.of("statementTimeout", row[0], "idleInTransaction", row[1], "lockTimeout", row[2]));
        }
    }
}
