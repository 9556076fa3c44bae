package dev.integrity.chat.maintenance;

import dev.integrity.chat.ChatConfig;
import dev.integrity.chat.service.SessionActivityService;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import dev.integrity.platform.partition.PartitionMaintenance;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Keeps monthly conversation partitions ready: "no partition found for row" was a real outage (seed 001 section 8.1). */
@ApplicationScoped
public class ChatPartitionPremakeJob implements MaintenanceJob {

    public static final String NAME = "chat-partition-premake";

    @Inject
    PartitionMaintenance partitions;

    @Inject
    ChatConfig config;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "creates the monthly conversations partitions from this month through chat.premake-months ahead";
    }

    @Override
    public JobOutcome run() {
        return JobOutcome.of(partitions.premake(SessionActivityService.CONVERSATIONS, config.premakeMonths()));
    }

    /** The table's partition gauges, from the start (docs/operations.md, "PartitionsNotReadyAhead"). */
    void watch(@Observes StartupEvent started) {
        partitions.watch(SessionActivityService.CONVERSATIONS, config.premakeMonths());
    }

    @Scheduled(cron = "{chat.jobs.premake-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
