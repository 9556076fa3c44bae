package dev.integrity.inspection.maintenance;

import dev.integrity.inspection.InspectionConfig;
import dev.integrity.inspection.service.InspectionSessionService;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * A tablet that dies mid-inspection must not lock its AED for ever: open sessions idle longer
 * than {@code inspection.abandon-after} are cancelled (reason {@code abandoned}), and active ones
 * idle longer than {@code inspection.stale-after} are paused. Each move is recorded as a session
 * event by this job.
 */
@ApplicationScoped
public class AbandonedSessionsJob implements MaintenanceJob {

    public static final String NAME = "inspection-abandoned-sessions";

    @Inject
    InspectionSessionService sessions;

    @Inject
    InspectionConfig config;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "cancels open sessions idle longer than inspection.abandon-after, pauses active ones idle longer than inspection.stale-after";
    }

    @Override
    public JobOutcome run() {
        InspectionSessionService.IdleSweep sweep = sessions.releaseIdle(config.abandonAfter(), config.staleAfter(), "job:" + NAME);
        return new JobOutcome(sweep.cancelled() + sweep.paused(), Map.of("cancelled", sweep.cancelled(), "paused", sweep.paused()));
    }

    @Scheduled(cron = "{inspection.jobs.abandoned-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
