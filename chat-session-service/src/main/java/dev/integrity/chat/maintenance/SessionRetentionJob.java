package dev.integrity.chat.maintenance;

import dev.integrity.chat.service.SessionLifecycleJobs;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Replaces the seed's delete_old_sessions(30): deletes sessions ended more than chat.retention-days
 * ago (their rows go by cascade), then drops the conversation partitions left empty and wholly
 * older than that.
 */
@ApplicationScoped
public class SessionRetentionJob implements MaintenanceJob {

    public static final String NAME = "chat-session-retention";

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
        return "deletes sessions ended more than chat.retention-days ago (cascading), then drops emptied old partitions";
    }

    @Override
    public JobOutcome run() {
        return lifecycle.deleteOld();
    }

    @Scheduled(cron = "{chat.jobs.retention-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
