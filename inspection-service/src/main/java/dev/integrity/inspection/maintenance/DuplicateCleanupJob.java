package dev.integrity.inspection.maintenance;

import dev.integrity.inspection.service.DuplicateResolver;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * The seed's "weekly automated cleanup": the same resolver as the upgrade migration and the
 * cleanup endpoints. With the constraints in place it finds nothing; it is the safety net for a
 * database whose constraint was dropped (the seed's documented rollback).
 */
@ApplicationScoped
public class DuplicateCleanupJob implements MaintenanceJob {

    public static final String NAME = "inspection-duplicate-cleanup";

    @Inject
    DuplicateResolver resolver;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cancels duplicate open sessions (all but the most recently active per AED) and overlapping schedules (all but the earliest-created)";
    }

    @Override
    public JobOutcome run() {
        int sessions = resolver.resolveSessions(true).size();
        int schedules = resolver.resolveSchedules(true).size();
        return new JobOutcome(sessions + schedules, Map.of("sessionsCancelled", sessions, "schedulesCancelled", schedules));
    }

    @Scheduled(cron = "{inspection.jobs.cleanup-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
