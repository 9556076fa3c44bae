package dev.integrity.device.maintenance;

import dev.integrity.device.DeviceConfig;
import dev.integrity.device.service.ImuIngestService;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The only place IMU data ever leaves: daily partitions wholly older than
 * {@code device.retention-days} are dropped (or detached), whole, and the run is recorded.
 */
@ApplicationScoped
public class ImuRetentionJob implements MaintenanceJob {

    public static final String NAME = "imu-retention";

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
        return "drops (or detaches) whole imu_data partitions older than device.retention-days";
    }

    @Override
    public JobOutcome run() {
        Instant cutoff = Granularity.DAY.floor(Instant.now().minus(config.retentionDays(), ChronoUnit.DAYS));
        List<String> retired = partitions.retire(ImuIngestService.IMU_DATA, cutoff, config.retentionMode());
        return new JobOutcome(retired.size(), Map.of("partitions", retired, "mode", config.retentionMode().name().toLowerCase(),
                "cutoff", cutoff.toString()));
    }

    @Scheduled(cron = "{device.jobs.retention-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
