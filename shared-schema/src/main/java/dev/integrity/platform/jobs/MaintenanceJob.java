package dev.integrity.platform.jobs;

/**
 * One maintenance job of a service: partition premake, retention, session cleanup and the like.
 * Implementations are CDI beans; the {@link MaintenanceJobRunner} finds them all, runs each under a
 * transaction-scoped advisory lock, and records every run in the job-run table.
 * <p>
 * {@link #run()} joins the runner's transaction (the one that holds the lock) unless it opens its
 * own. Jobs must be idempotent: running one twice in a row is harmless.
 */
public interface MaintenanceJob {

    /** Unique within the service, kebab-case; it is the {@code {name}} in {@code /admin/jobs/{name}/run}. */
    String name();

    /** One sentence for {@code GET /admin/jobs}. */
    String description();

    JobOutcome run();
}
