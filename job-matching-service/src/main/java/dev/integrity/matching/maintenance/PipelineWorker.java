package dev.integrity.matching.maintenance;

import dev.integrity.matching.service.PipelineService;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * This replica's pipeline worker. Every replica runs one; SKIP LOCKED shares the queue between
 * them. It needs no job lock: the queue is the coordination.
 */
@ApplicationScoped
public class PipelineWorker {

    @Inject
    PipelineService pipeline;

    @Scheduled(every = "{matching.pipeline.poll-every}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        // Drain what is queued, one job at a time.
        while (pipeline.work().isPresent()) {
            // next
        }
    }
}
