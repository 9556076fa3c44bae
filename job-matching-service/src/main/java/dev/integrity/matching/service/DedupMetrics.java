package dev.integrity.matching.service;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.DedupCandidate;
import dev.integrity.matching.DedupTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Seed 003's "dedup statistics" and "data quality metrics" on {@code /q/metrics}
 * (docs/job-matching-service.md, "Metrics"), each by {@code target} ({@code cover_letters},
 * {@code postings}):
 * <ul>
 *   <li>{@code dedup_merges_total{target, via}}: duplicates merged (references re-pointed, then
 *       soft-deleted), by a {@code run} or a {@code review} decision, counted once committed;</li>
 *   <li>{@code dedup_run_merges{target}}: merges per finished run (a summary: count, sum, max), the
 *       run's own target ({@code all} for both);</li>
 *   <li>{@code dedup_candidates_proposed_total{target}} and
 *       {@code dedup_candidates_decided_total{decision}} ({@code merged}, {@code dismissed},
 *       {@code obsolete});</li>
 *   <li>{@code dedup_candidates_pending{target}}: candidates waiting for review, counted in the
 *       database (the partial index {@code dedup_candidates_pending}) every
 *       {@code matching.dedup.pending-refresh} and after every run and decision of this replica, so
 *       every replica reports the same figure.</li>
 * </ul>
 */
@ApplicationScoped
@Startup // its series exist from the start, at 0
public class DedupMetrics {

    private static final Logger LOG = Logger.getLogger(DedupMetrics.class);

    static final List<DedupTarget> TABLES = List.of(DedupTarget.COVER_LETTERS, DedupTarget.POSTINGS);

    private final MeterRegistry registry;
    private final Map<DedupTarget, AtomicLong> pending = new EnumMap<>(DedupTarget.class);

    @Inject
    public DedupMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DedupTarget target : TABLES) {
            AtomicLong waiting = new AtomicLong();
            pending.put(target, waiting);
            // A gauge registered again is the first one: one left by an earlier application in this JVM goes first.
            registry.find("dedup.candidates.pending").tag("target", target.code()).gauges().forEach(registry::remove);
            Gauge.builder("dedup.candidates.pending", waiting, AtomicLong::get).description("Dedup candidates waiting for review")
                    .tag("target", target.code()).register(registry);
            merges(target, "run");
            merges(target, "review");
            proposed(target, 0);
        }
        for (DedupTarget target : DedupTarget.values()) {
            mergesPerRun(target);
        }
        for (CandidateStatus decision : List.of(CandidateStatus.MERGED, CandidateStatus.DISMISSED, CandidateStatus.OBSOLETE)) {
            decided(decision, 0);
        }
    }

    void merged(DedupTarget target, String via, int merges) {
        merges(target, via).increment(merges);
    }

    void runFinished(DedupTarget target, int merges) {
        mergesPerRun(target).record(merges);
        refreshPending();
    }

    private DistributionSummary mergesPerRun(DedupTarget target) {
        return DistributionSummary.builder("dedup.run.merges").description("Duplicates merged per finished dedup run")
                .tag("target", target.code()).register(registry);
    }

    void proposed(DedupTarget target, int candidates) {
        Counter.builder("dedup.candidates.proposed").description("Dedup candidates proposed for review")
                .tag("target", target.code()).register(registry).increment(candidates);
    }

    void decided(CandidateStatus decision) {
        decided(decision, 1);
    }

    private void decided(CandidateStatus decision, int count) {
        Counter.builder("dedup.candidates.decided").description("Dedup candidates decided by review: merged, dismissed, or obsolete")
                .tag("decision", decision.code()).register(registry).increment(count);
    }

    private Counter merges(DedupTarget target, String via) {
        return Counter.builder("dedup.merges").description("Duplicates merged (references re-pointed, then soft-deleted), by a run or a review")
                .tag("target", target.code()).tag("via", via).register(registry);
    }

    /** Reads the pending candidates per table; a database that cannot answer leaves the last figures. */
    @Scheduled(every = "{matching.dedup.pending-refresh}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refreshPending() {
        try {
            Map<DedupTarget, Long> counts = new EnumMap<>(DedupTarget.class);
            QuarkusTransaction.requiringNew().call(() -> DedupCandidate.getEntityManager()
                            .createQuery("select target, count(*) from DedupCandidate where status = ?1 group by target", Object[].class)
                            .setParameter(1, CandidateStatus.PENDING).getResultList())
                    .forEach(row -> counts.put((DedupTarget) row[0], (Long) row[1]));
            pending.forEach((target, waiting) -> waiting.set(counts.getOrDefault(target, 0L)));
        } catch (RuntimeException e) {
            LOG.debugf("pending dedup candidates not counted: %s", e.getClass().getSimpleName());
        }
    }
}
