package dev.integrity.chat.maintenance;

import dev.integrity.chat.service.SessionLifecycleJobs;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Replaces the seed's clean_inactive_sessions(): ends (never deletes) sessions idle longer than chat.inactive-after. */
@ApplicationScoped
public class InactiveSessionsJob implements MaintenanceJob {

    public static final String NAME = "chat-inactive-sessions";

    @Inject
    SessionLifecycleJobs lifecycle;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "ends active sessions idle longer than chat.inactive-after";
    }

    @Override
    public JobOutcome run() {
        return JobOutcome.of(lifecycle.endInactive());
    }

    @Scheduled(cron = "{chat.jobs.inactive-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
