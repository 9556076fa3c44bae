package dev.integrity.matching.maintenance;

import dev.integrity.matching.PipelineJobType;
import dev.integrity.matching.service.PipelineService;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.jobs.MaintenanceJob;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** The seed's nightly Airflow DAG: enqueues one FULL_PIPELINE (dedup, then recommendations), unless one is pending. */
@ApplicationScoped
public class NightlyPipelineJob implements MaintenanceJob {

    public static final String NAME = "matching-nightly-pipeline";

    @Inject
    PipelineService pipeline;

    @Inject
    MaintenanceJobRunner runner;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "enqueues a FULL_PIPELINE job (dedup, then recommendations for changed cover letters) unless one is pending";
    }

    @Override
    public JobOutcome run() {
        return pipeline.enqueueUnlessPending(PipelineJobType.FULL_PIPELINE)
                .map(job -> new JobOutcome(1, Map.of("pipelineJobId", job.id)))
                .orElseGet(() -> new JobOutcome(0, Map.of("note", "a FULL_PIPELINE job is already queued or running")));
    }

    @Scheduled(cron = "{matching.pipeline.nightly-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        runner.runScheduled(NAME, execution.getScheduledFireTime());
    }
}
