package dev.integrity.device.maintenance;

import dev.integrity.device.DeviceConfig;
import dev.integrity.device.service.ImuIngestService;
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

/** Keeps daily imu_data partitions ready from today through {@code device.premake-days} ahead. */
@ApplicationScoped
public class ImuPartitionPremakeJob implements MaintenanceJob {

    public static final String NAME = "imu-partition-premake";

    @Inject
    PartitionMaintenance partitions;

    @Inject
    DeviceConfig config;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "creates the daily imu_data partitions from today through device.premake-days ahead";
    }

    @Override
    public JobOutcome run() {
        return JobOutcome.of(partitions.premake(ImuIngestService.IMU_DATA, config.premakeDays()));
    }

    /** The table's partition gauges, from the start (docs/operations.md, "PartitionsNotReadyAhead"). */
    void watch(@Observes StartupEvent started) {
        partitions.watch(ImuIngestService.IMU_DATA, config.premakeDays());
    }

    @Scheduled(cron = "{device.jobs.premake-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
