package dev.integrity.matching.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.matching.DedupRun;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.DedupTrigger;
import dev.integrity.matching.MatchingConfig;
import dev.integrity.matching.PipelineJob;
import dev.integrity.matching.PipelineJobStatus;
import dev.integrity.matching.PipelineJobType;
import dev.integrity.matching.repository.PipelineRepository;
import dev.integrity.matching.repository.RecommendationRepository;
import dev.integrity.platform.error.RecordedFailure;
import dev.integrity.platform.security.CallerContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The batch pipeline that replaces the seed's Airflow DAG and in-memory queue: jobs are rows, any
 * replica's worker runs them, and a failed job keeps its error and can be retried.
 */
@ApplicationScoped
public class PipelineService {

    private static final Logger LOG = Logger.getLogger(PipelineService.class);
    /** Letters recommended per heartbeat. */
    static final int RECOMMEND_BATCH = 200;

    /** This replica's worker name: host, plus a random part so two JVMs on one host differ. */
    private final String worker = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    PipelineRepository queue;

    @Inject
    DedupService dedup;

    @Inject
    RecommendationRepository recommendations;

    @Inject
    MatchingConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    CallerContext callers;

    /** Queues a job, recorded as the caller's (a maintenance job's own name when it queues one). */
    @Transactional
    public PipelineJob enqueue(PipelineJobType type) {
        PipelineJob job = new PipelineJob();
        job.type = type;
        job.status = PipelineJobStatus.QUEUED;
        job.requestedBy = callers.current().actor();
        job.persistAndFlush();
        PipelineJob.getEntityManager().refresh(job);
        return job;
    }

    /** Enqueues a job of this type unless one is already queued or running. */
    @Transactional
    public Optional<PipelineJob> enqueueUnlessPending(PipelineJobType type) {
        if (PipelineJob.count("type = ?1 and (status = ?2 or status = ?3)", type, PipelineJobStatus.QUEUED, PipelineJobStatus.RUNNING) > 0) {
            return Optional.empty();
        }
        return Optional.of(enqueue(type));
    }

    public PipelineJob get(long id) {
        PipelineJob job = PipelineJob.findById(id);
        if (job == null) {
            throw MatchingProblems.notFound("pipeline job", id);
        }
        return job;
    }

    /** Puts a failed job back in the queue, with its attempts counted afresh. */
    @Transactional
    public PipelineJob retry(long id) {
        PipelineJob job = PipelineJob.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (job == null) {
            throw MatchingProblems.notFound("pipeline job", id);
        }
        if (job.status != PipelineJobStatus.FAILED) {
            throw MatchingProblems.pipelineJobNotFailed(id, job.status);
        }
        job.status = PipelineJobStatus.QUEUED;
        job.requestedBy = callers.current().actor();
        job.attempts = 0;
        job.finishedAt = null;
        job.startedAt = null;
        job.claimedBy = null;
        return job;
    }

    public String worker() {
        return worker;
    }

    /** One round of this replica's worker: hand back abandoned jobs, then claim and run one. */
    public Optional<Long> work() {
        int reclaimed = queue.reclaim(config.pipeline().reclaimAfter(), config.pipeline().maxAttempts());
        if (reclaimed > 0) {
            LOG.warnf("reclaimed %d pipeline job(s) abandoned by a stopped worker", reclaimed);
        }
        Optional<PipelineRepository.Claimed> claimed = queue.claim(worker);
        claimed.ifPresent(this::execute);
        return claimed.map(PipelineRepository.Claimed::id);
    }

    private void execute(PipelineRepository.Claimed job) {
        Runnable heartbeat = () -> queue.heartbeat(job.id(), worker);
        try {
            Map<String, Object> result = new LinkedHashMap<>();
            PipelineJobType type = job.type();
            if (type == PipelineJobType.DEDUP || type == PipelineJobType.FULL_PIPELINE) {
                DedupRun run = dedup.run(DedupTarget.ALL, false, DedupTrigger.PIPELINE, job.requestedBy(), heartbeat);
                result.put("dedupRunId", run.id);
                result.put("merged", run.merged);
                result.put("recommendationsRepointed", run.recommendationsRepointed);
                result.put("recommendationsCollapsed", run.recommendationsCollapsed);
                result.put("interactionsRepointed", run.interactionsRepointed);
            }
            if (type == PipelineJobType.RECOMMEND || type == PipelineJobType.FULL_PIPELINE) {
                result.put("coverLettersRecommended", recommendChanged(heartbeat));
            }
            queue.finish(job.id(), worker, json.writeValueAsString(result), null);
        } catch (RuntimeException | JsonProcessingException e) {
            queue.finish(job.id(), worker, null, RecordedFailure.of(e, LOG, "pipeline job " + job.id()));
        }
    }

    /** Recommendations for every live cover letter changed since its last ones; one transaction each. */
    private int recommendChanged(Runnable heartbeat) {
        int done = 0;
        long after = 0;
        List<Long> batch;
        while (!(batch = recommendations.changedCoverLetters(after, RECOMMEND_BATCH)).isEmpty()) {
            for (long id : batch) {
                QuarkusTransaction.requiringNew().run(() -> recommendations.recommend(id, RecommendationService.DEFAULT_K));
                done++;
            }
            after = batch.get(batch.size() - 1);
            heartbeat.run();
        }
        return done;
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "worker";
        }
    }
}
