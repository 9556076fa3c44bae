package dev.integrity.chat.maintenance;

import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Refreshes chatbot.recent_conversations CONCURRENTLY (seed 001 section 7.1), so readers never wait. */
@ApplicationScoped
public class RecentConversationsRefreshJob implements MaintenanceJob {

    public static final String NAME = "chat-recent-conversations-refresh";

    @Inject
    EntityManager em;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "refreshes the recent_conversations materialized view concurrently";
    }

    @Override
    public JobOutcome run() {
        // The view's owner refreshes it and counts it: the app role may not read it (docs/security.md).
        long rows = ((Number) em.createNativeQuery("SELECT chatbot.refresh_recent_conversations()").getSingleResult()).longValue();
        return JobOutcome.of(rows);
    }

    @Scheduled(cron = "{chat.jobs.refresh-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
