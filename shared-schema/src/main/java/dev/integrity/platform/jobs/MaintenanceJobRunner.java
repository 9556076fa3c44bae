package dev.integrity.platform.jobs;

import dev.integrity.platform.error.NotFoundProblem;
import dev.integrity.platform.error.RecordedFailure;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.time.Timestamps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs maintenance jobs so that replicas never run the same job twice at once, nor a schedule's
 * run twice, and every run is recorded.
 * <ol>
 *   <li>A transaction is opened and takes {@code pg_try_advisory_xact_lock} on (schema, job). If
 *       another session holds it, nothing runs: {@link JobAlreadyRunning}.</li>
 *   <li>A scheduled run carries the fire time it runs for. Every replica's scheduler fires every
 *       schedule, so if a run for that fire time is already recorded (another replica got there
 *       first and finished), nothing runs; the unique index {@code job_run_once_per_schedule}
 *       holds it in the database.</li>
 *   <li>A "running" record is committed at once, in its own transaction, so the run is visible
 *       while it lasts. Records left "running" by a replica that died are marked "abandoned"
 *       first; holding the lock proves nobody else is running the job.</li>
 *   <li>The job runs inside the lock's transaction (or opens its own). Its success is recorded in
 *       that same transaction, so the work and its record commit together; a failure rolls the
 *       work back and is recorded in a transaction of its own.</li>
 * </ol>
 * The lock is released when its transaction ends, even if the process dies mid-job.
 */
@Startup
@ApplicationScoped
public class MaintenanceJobRunner {

    private static final Logger LOG = Logger.getLogger(MaintenanceJobRunner.class);

    private final Map<String, MaintenanceJob> jobs = new TreeMap<>();
    private final EntityManager em;
    private final JobsConfig config;
    private final String lockNamespace;
    private final String instance;
    private final CallerContext callers;
    private final JobMetrics metrics;

    @Inject
    public MaintenanceJobRunner(@Any Instance<MaintenanceJob> discovered, EntityManager em, JobsConfig config, CallerContext callers,
                                JobMetrics metrics, @ConfigProperty(name = "quarkus.hibernate-orm.database.default-schema") String schema) {
        this.em = em;
        this.metrics = metrics;
        this.callers = callers;
        this.config = config;
        this.lockNamespace = "jobs:" + schema;
        this.instance = hostName();
        for (MaintenanceJob job : discovered) {
            if (!job.name().matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                throw new IllegalStateException("job name must be kebab-case: " + job.name());
            }
            MaintenanceJob previous = jobs.put(job.name(), job);
            if (previous != null) {
                throw new IllegalStateException("two maintenance jobs are named " + job.name());
            }
        }
        metrics.register(jobs.keySet());
    }

    /** Every job of this service, by name. */
    public List<MaintenanceJob> jobs() {
        return List.copyOf(jobs.values());
    }

    public Optional<MaintenanceJob> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** The most recent run of a job, if it ever ran. */
    public Optional<JobRunView> lastRun(String name) {
        return QuarkusTransaction.joiningExisting().call(() -> JobRun.lastOf(name).map(JobRunView::of));
    }

    /**
     * Runs a job now and returns its finished record.
     *
     * @throws NotFoundProblem    no job has that name
     * @throws JobAlreadyRunning  another replica or thread holds the job's lock
     * @throws JobFailed          the job ran and failed; the record says why
     */
    public JobRunView run(String name, JobTrigger trigger) {
        return run(name, trigger, null).orElseThrow();
    }

    /** A run for a schedule's fire time ({@code scheduledFor}), or for a person or a CronJob (null): empty if that fire time already ran. */
    private Optional<JobRunView> run(String name, JobTrigger trigger, Instant scheduledFor) {
        MaintenanceJob job = job(name).orElseThrow(() -> new NotFoundProblem("job", name));
        String requestedBy = trigger == JobTrigger.ADMIN ? callers.current().actor() : null;
        // What the job reads and writes is the job's own, whoever asked: the database sees the job.
        return callers.asJob(name, () -> runAsJob(job, trigger, requestedBy, scheduledFor));
    }

    private Optional<JobRunView> runAsJob(MaintenanceJob job, JobTrigger trigger, String requestedBy, Instant scheduledFor) {
        String name = job.name();
        AtomicReference<Long> runId = new AtomicReference<>();
        try {
            Optional<JobRunView> ran = underJobLimits(() -> {
                if (!tryLock(name)) {
                    throw new JobAlreadyRunning(name);
                }
                // Under the lock, so whoever ran this fire time has recorded it.
                if (scheduledFor != null && JobRun.count("job = ?1 and scheduledFor = ?2", name, scheduledFor) > 0) {
                    return Optional.<JobRunView>empty();
                }
                runId.set(QuarkusTransaction.requiringNew().call(() -> recordStart(name, trigger, requestedBy, scheduledFor)));
                JobOutcome outcome = job.run();
                JobRun run = JobRun.findById(runId.get());
                run.finishedAt = Timestamps.now();
                run.outcome = "succeeded";
                run.rowsAffected = outcome.rowsAffected();
                run.detail = outcome.detail();
                return Optional.of(JobRunView.of(run));
            });
            // Counted once the run and its record have committed.
            ran.ifPresentOrElse(run -> metrics.succeeded(name, run.finishedAt()), () -> metrics.skipped(name));
            return ran;
        } catch (JobAlreadyRunning e) {
            metrics.skipped(name);
            throw e;
        } catch (RuntimeException e) {
            if (runId.get() == null) {
                throw e;
            }
            RecordedFailure failure = RecordedFailure.of(e, LOG, "maintenance job " + name);
            JobRunView failed = QuarkusTransaction.requiringNew().call(() -> recordFailure(runId.get(), failure));
            metrics.failed(name);
            throw new JobFailed(failed);
        }
    }

    /**
     * Runs {@code work} in a transaction of its own under a job's limits instead of a request's
     * ({@link #allowTheJobsOwnTimeout()}): every job, and long work a person starts over the API
     * that a job also does, such as a deduplication run.
     */
    public <T> T underJobLimits(Callable<T> work) {
        return QuarkusTransaction.requiringNew()
                .timeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toSeconds()))
                .call(() -> {
                    allowTheJobsOwnTimeout();
                    return work.call();
                });
    }

    /**
     * The entry point of the in-process scheduler: runs the job for the schedule's fire time unless
     * scheduling is switched off on this replica, or the job is running elsewhere, or another
     * replica has already run it for this fire time; the last two are the normal outcomes they are
     * where every replica's scheduler fires every schedule.
     *
     * @param scheduledFor the fire time, {@link io.quarkus.scheduler.ScheduledExecution#getScheduledFireTime()}:
     *                     the same instant on every replica, as a cron schedule's times are
     * @return the run, or empty if nothing ran (switched off, running elsewhere, already run, failed)
     */
    public Optional<JobRunView> runScheduled(String name, Instant scheduledFor) {
        if (!config.schedule()) {
            return Optional.empty();
        }
        try {
            Optional<JobRunView> run = run(name, JobTrigger.SCHEDULE, scheduledFor.truncatedTo(ChronoUnit.SECONDS));
            run.ifPresentOrElse(r -> LOG.debugf("maintenance job %s: %s, %d rows", name, r.outcome(), r.rowsAffected()),
                    () -> LOG.debugf("maintenance job %s already ran for %s; skipped", name, scheduledFor));
            return run;
        } catch (JobAlreadyRunning e) {
            LOG.debugf("maintenance job %s is running elsewhere; skipped", name);
        } catch (JobFailed e) {
            // Already logged and recorded by run().
        }
        return Optional.empty();
    }

    /**
     * The app role's own limits (docs/deploy.md: statement_timeout, idle_in_transaction_session_timeout)
     * are for requests. A job's transaction holds its advisory lock while the job works, often in
     * transactions of its own or on the owner's connection (retention waiting for a detach), and so
     * sits idle for as long as the job runs: for this transaction alone, the job's timeout
     * ({@code platform.jobs.timeout}) is the limit instead.
     */
    private void allowTheJobsOwnTimeout() {
        String limit = config.timeout().toMillis() + "ms";
        em.createNativeQuery("SELECT set_config('statement_timeout', ?1, true), set_config('idle_in_transaction_session_timeout', ?1, true)")
                .setParameter(1, limit)
                .getSingleResult();
    }

    private boolean tryLock(String name) {
        Object locked = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext(?1), hashtext(?2))")
                .setParameter(1, lockNamespace)
                .setParameter(2, name)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    private Long recordStart(String name, JobTrigger trigger, String requestedBy, Instant scheduledFor) {
        Instant now = Timestamps.now();
        // We hold the lock, so a "running" record of this job belongs to a replica that died.
        JobRun.update("outcome = 'abandoned', finishedAt = ?1, errorType = ?2 where job = ?3 and outcome = 'running'",
                now, RecordedFailure.ABANDONED.slug(), name);
        JobRun.delete("job = ?1 and startedAt < ?2", name, now.minus(config.historyDays(), ChronoUnit.DAYS));
        JobRun run = new JobRun();
        run.job = name;
        run.trigger = trigger;
        run.requestedBy = requestedBy;
        run.scheduledFor = scheduledFor;
        run.instance = instance;
        run.startedAt = now;
        run.outcome = "running";
        run.persist();
        return run.id;
    }

    private JobRunView recordFailure(Long id, RecordedFailure failure) {
        JobRun run = JobRun.findById(id);
        run.finishedAt = Timestamps.now();
        run.outcome = "failed";
        run.failed(failure);
        return JobRunView.of(run);
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
