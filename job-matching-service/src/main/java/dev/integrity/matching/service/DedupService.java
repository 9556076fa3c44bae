package dev.integrity.matching.service;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.DedupCandidate;
import dev.integrity.matching.DedupRun;
import dev.integrity.matching.DedupRunStatus;
import dev.integrity.matching.DedupStats;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.DedupTrigger;
import dev.integrity.matching.MatchingConfig;
import dev.integrity.matching.repository.DedupRepository;
import dev.integrity.platform.error.RecordedFailure;
import dev.integrity.platform.jobs.MaintenanceJobRunner;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.security.CallerContext;
import dev.integrity.platform.time.Timestamps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deduplication of cover letters and postings: detection inside blocks, set-based merges that
 * re-point every reference before soft-deleting, review candidates, and the statistics.
 */
@ApplicationScoped
public class DedupService {

    private static final Logger LOG = Logger.getLogger(DedupService.class);

    @Inject
    DedupRepository repository;

    @Inject
    MatchingConfig config;

    @Inject
    EntityManager em;

    @Inject
    CallerContext callers;

    @Inject
    MaintenanceJobRunner jobs;

    @Inject
    DedupMetrics metrics;

    /**
     * A run the caller asked for over the API: recorded as theirs, and under a job's limits, as the
     * nightly pipeline's run is (a catalogue's similarity search outlasts a request's minute).
     */
    public DedupRun runRequested(DedupTarget target, boolean dryRun) {
        String requestedBy = callers.current().actor();
        return jobs.underJobLimits(() -> run(target, dryRun, DedupTrigger.API, requestedBy, () -> { }));
    }

    /**
     * Runs a deduplication (or a dry run, which changes nothing) and returns its record, which names
     * {@code requestedBy} as the one who asked for it and for every merge it makes.
     */
    public DedupRun run(DedupTarget target, boolean dryRun, DedupTrigger trigger, String requestedBy, Runnable heartbeat) {
        long runId = QuarkusTransaction.requiringNew().call(() -> {
            DedupRun run = new DedupRun();
            run.target = target;
            run.dryRun = dryRun;
            run.trigger = trigger;
            run.requestedBy = requestedBy;
            run.startedAt = Timestamps.now();
            run.status = DedupRunStatus.RUNNING;
            run.persist();
            return run.id;
        });
        try {
            Totals totals = new Totals();
            for (DedupTarget one : target == DedupTarget.ALL ? List.of(DedupTarget.COVER_LETTERS, DedupTarget.POSTINGS) : List.of(target)) {
                deduplicate(one, runId, dryRun, totals, heartbeat);
            }
            DedupRun finished = QuarkusTransaction.requiringNew().call(() -> {
                DedupRun run = DedupRun.findById(runId);
                run.status = DedupRunStatus.SUCCEEDED;
                run.finishedAt = Timestamps.now();
                run.groups = totals.counts.groups();
                run.duplicatesFound = totals.found;
                run.merged = totals.counts.merged();
                run.recommendationsRepointed = totals.counts.recommendationsRepointed();
                run.recommendationsCollapsed = totals.counts.recommendationsCollapsed();
                run.interactionsRepointed = totals.counts.interactionsRepointed();
                run.candidatesProposed = totals.proposed;
                run.detectionMs = totals.detectionMs;
                run.mergeMs = totals.mergeMs;
                return run;
            });
            if (!dryRun) {
                metrics.runFinished(target, totals.counts.merged());
            }
            return finished;
        } catch (RuntimeException e) {
            RecordedFailure failure = RecordedFailure.of(e, LOG, "dedup run " + runId);
            QuarkusTransaction.requiringNew().run(() -> {
                DedupRun run = DedupRun.findById(runId);
                run.status = DedupRunStatus.FAILED;
                run.finishedAt = Timestamps.now();
                run.failed(failure);
            });
            throw e;
        }
    }

    private static final class Totals {
        DedupRepository.MergeCounts counts = DedupRepository.MergeCounts.NONE;
        int found;
        int proposed;
        long detectionMs;
        long mergeMs;
    }

    /** The targets whose rows all have their sentence sketch: each replica finds out once. */
    private final Set<DedupTarget> sketched = ConcurrentHashMap.newKeySet();

    /**
     * Rows stored before the sentence sketch existed get theirs, a short statement per batch, the
     * first time this replica deduplicates their table (a trigger keeps every newer row's).
     */
    private void fillSketches(DedupTarget target, Runnable heartbeat) {
        if (sketched.contains(target)) {
            return;
        }
        long filled = 0;
        int batch;
        do {
            batch = repository.fillSketches(target);
            filled += batch;
            heartbeat.run();
        } while (batch == DedupRepository.FILL_BATCH);
        if (filled > 0) {
            LOG.infof("dedup %s: %d rows from before the sentence sketch were given theirs", target.code(), filled);
        }
        sketched.add(target);
    }

    private void deduplicate(DedupTarget target, long runId, boolean dryRun, Totals totals, Runnable heartbeat) {
        fillSketches(target, heartbeat);
        long t0 = System.nanoTime();
        DuplicateGroups groups = new DuplicateGroups();
        repository.urlGroups(target).forEach(ids -> groups.link(ids, "url"));
        long t1 = System.nanoTime();
        repository.fingerprintGroups(target).forEach(ids -> groups.link(ids, "fingerprint"));
        long t2 = System.nanoTime();
        List<DedupRepository.Pair> review = new ArrayList<>();
        List<DedupRepository.Pair> similar = repository.similarPairs(target, config.dedup().reviewThreshold());
        long t3 = System.nanoTime();
        for (DedupRepository.Pair pair : similar) {
            if (pair.similarity() >= config.dedup().autoThreshold()) {
                groups.link(pair.left(), pair.right(), "similarity");
            } else {
                review.add(pair);
            }
        }
        heartbeat.run();
        List<DuplicateGroups.Merge> merges = groups.merges(repository.describe(target, groups.members()));
        totals.found += merges.size();
        int mergedBefore = totals.counts.merged();
        long t4 = System.nanoTime();

        int batchSize = config.dedup().batchGroups();
        List<DuplicateGroups.Merge> batch = new ArrayList<>();
        long keeper = -1;
        int groupsInBatch = 0;
        for (DuplicateGroups.Merge merge : merges) {
            if (merge.keeperId() != keeper) {
                keeper = merge.keeperId();
                if (++groupsInBatch > batchSize) {
                    totals.counts = totals.counts.plus(mergeBatch(target, runId, batch, dryRun));
                    heartbeat.run();
                    batch.clear();
                    groupsInBatch = 1;
                }
            }
            batch.add(merge);
        }
        if (!batch.isEmpty()) {
            totals.counts = totals.counts.plus(mergeBatch(target, runId, batch, dryRun));
        }
        if (!dryRun) {
            metrics.merged(target, "run", totals.counts.merged() - mergedBefore);
        }
        long t5 = System.nanoTime();
        totals.detectionMs += (t4 - t0) / 1_000_000;
        totals.mergeMs += (t5 - t4) / 1_000_000;
        LOG.infof("dedup run %d %s: %d duplicates found in %d ms (url %d ms, fingerprint %d ms, similarity %d ms, keepers %d ms), "
                        + "merged in %d ms", runId, target.code(), merges.size(), (t4 - t0) / 1_000_000, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
        // A pair whose side was just merged now concerns the keeper; the same pair twice is proposed once.
        Map<Long, Long> keeperOf = new java.util.HashMap<>();
        merges.forEach(m -> keeperOf.put(m.dupId(), m.keeperId()));
        Map<String, DedupRepository.Pair> apart = new LinkedHashMap<>();
        for (DedupRepository.Pair p : review) {
            long left = keeperOf.getOrDefault(p.left(), p.left());
            long right = keeperOf.getOrDefault(p.right(), p.right());
            if (left != right) {
                DedupRepository.Pair pair = new DedupRepository.Pair(Math.min(left, right), Math.max(left, right), p.similarity());
                apart.merge(pair.left() + ":" + pair.right(), pair, (a, b) -> a.similarity() >= b.similarity() ? a : b);
            }
        }
        List<DedupRepository.Pair> stillApart = List.copyOf(apart.values());
        if (dryRun) {
            totals.proposed += stillApart.size();
        } else {
            int proposed = QuarkusTransaction.requiringNew().call(() -> repository.propose(target, stillApart));
            totals.proposed += proposed;
            metrics.proposed(target, proposed);
        }
    }

    /** One batch of groups, one transaction; a dry run rolls it back after counting. */
    private DedupRepository.MergeCounts mergeBatch(DedupTarget target, long runId, List<DuplicateGroups.Merge> batch, boolean dryRun) {
        long[] dups = batch.stream().mapToLong(DuplicateGroups.Merge::dupId).toArray();
        long[] keepers = batch.stream().mapToLong(DuplicateGroups.Merge::keeperId).toArray();
        String[] reasons = batch.stream().map(DuplicateGroups.Merge::reason).toArray(String[]::new);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                DedupRepository.MergeCounts counts = repository.merge(target, runId, dups, keepers, reasons);
                if (dryRun) {
                    throw new DryRunCounted(counts); // rolls the batch back
                }
                return counts;
            });
        } catch (DryRunCounted counted) {
            return counted.counts;
        }
    }

    /** Carries a dry run's counts out of the transaction it rolls back. */
    private static final class DryRunCounted extends RuntimeException {
        final transient DedupRepository.MergeCounts counts;

        DryRunCounted(DedupRepository.MergeCounts counts) {
            super(null, null, false, false);
            this.counts = counts;
        }
    }

    public DedupRun get(long id) {
        DedupRun run = DedupRun.findById(id);
        if (run == null) {
            throw MatchingProblems.notFound("dedup run", id);
        }
        return run;
    }

    public Page<DedupCandidate> candidates(CandidateStatus status, DedupTarget target, int page, int size) {
        String query = "status = :status" + (target == null ? "" : " and target = :target");
        Parameters params = Parameters.with("status", status);
        if (target != null) {
            params.and("target", target);
        }
        var found = DedupCandidate.find(query, Sort.descending("similarity").and("id"), params);
        return new Page<>(found.page(page, size).list(), page, size, found.count());
    }

    /**
     * Merges a reviewed pair the same way a run does; the keeper rule picks which of the two stays.
     * The caller is recorded as the candidate's decider and as the requester of the merge's run.
     */
    public DedupRun mergeCandidate(long candidateId) {
        String decider = callers.current().actor();
        DedupCandidate candidate = QuarkusTransaction.requiringNew().call(() -> {
            DedupCandidate c = DedupCandidate.findById(candidateId, LockModeType.PESSIMISTIC_WRITE);
            if (c == null) {
                throw MatchingProblems.notFound("dedup candidate", candidateId);
            }
            if (c.status != CandidateStatus.PENDING) {
                throw MatchingProblems.candidateDecided(candidateId, c.status);
            }
            return c;
        });
        DedupTarget target = candidate.target;
        long runId = QuarkusTransaction.requiringNew().call(() -> {
            DedupRun run = new DedupRun();
            run.target = target;
            run.trigger = DedupTrigger.REVIEW;
            run.requestedBy = decider;
            run.startedAt = Timestamps.now();
            run.status = DedupRunStatus.RUNNING;
            run.persist();
            return run.id;
        });
        DedupRun merged = QuarkusTransaction.requiringNew().call(() -> {
            DedupCandidate c = DedupCandidate.findById(candidateId, LockModeType.PESSIMISTIC_WRITE);
            if (c.status != CandidateStatus.PENDING) {
                throw MatchingProblems.candidateDecided(candidateId, c.status);
            }
            DuplicateGroups pair = new DuplicateGroups();
            pair.link(c.leftId, c.rightId, "review");
            List<DuplicateGroups.Merge> merges = pair.merges(repository.describe(target, new long[]{c.leftId, c.rightId}));
            DedupRepository.MergeCounts counts = merges.size() != 1 ? DedupRepository.MergeCounts.NONE
                    : repository.merge(target, runId, new long[]{merges.get(0).dupId()}, new long[]{merges.get(0).keeperId()},
                    new String[]{"review"});
            if (counts.merged() == 0) {
                c.status = CandidateStatus.OBSOLETE; // one of the pair is gone already
            } else {
                c.status = CandidateStatus.MERGED;
            }
            c.decidedAt = Timestamps.now();
            c.decidedBy = decider;
            DedupRun run = DedupRun.findById(runId);
            run.status = DedupRunStatus.SUCCEEDED;
            run.finishedAt = Timestamps.now();
            run.groups = counts.groups();
            run.duplicatesFound = counts.merged();
            run.merged = counts.merged();
            run.recommendationsRepointed = counts.recommendationsRepointed();
            run.recommendationsCollapsed = counts.recommendationsCollapsed();
            run.interactionsRepointed = counts.interactionsRepointed();
            return run;
        });
        metrics.merged(target, "review", merged.merged);
        metrics.decided(merged.merged > 0 ? CandidateStatus.MERGED : CandidateStatus.OBSOLETE);
        metrics.refreshPending();
        return merged;
    }

    /** Dismisses a pair for good: it is never proposed again. Dismissing twice is harmless. */
    public DedupCandidate dismiss(long candidateId) {
        String decider = callers.current().actor();
        Decision decision = QuarkusTransaction.requiringNew().call(() -> {
            DedupCandidate c = DedupCandidate.findById(candidateId, LockModeType.PESSIMISTIC_WRITE);
            if (c == null) {
                throw MatchingProblems.notFound("dedup candidate", candidateId);
            }
            if (c.status == CandidateStatus.PENDING) {
                c.status = CandidateStatus.DISMISSED;
                c.decidedAt = Timestamps.now();
                c.decidedBy = decider;
                return new Decision(c, true);
            } else if (c.status != CandidateStatus.DISMISSED) {
                throw MatchingProblems.candidateDecided(candidateId, c.status);
            }
            return new Decision(c, false);
        });
        if (decision.made()) {
            metrics.decided(CandidateStatus.DISMISSED);
            metrics.refreshPending();
        }
        return decision.candidate();
    }

    /** A candidate after a decision, and whether this call made it (dismissing twice makes it once). */
    private record Decision(DedupCandidate candidate, boolean made) {
    }

    /** Found and merged per day, pending candidates, soft-deleted rows. */
    public DedupStats stats() {
        Map<LocalDate, long[]> perDay = new java.util.TreeMap<>();
        for (Object row : em.createNativeQuery("""
                SELECT (started_at AT TIME ZONE 'UTC')::date, sum(duplicates_found)
                  FROM mlops.dedup_runs WHERE NOT dry_run AND status = 'succeeded' GROUP BY 1""").getResultList()) {
            Object[] r = (Object[]) row;
            perDay.computeIfAbsent(day(r[0]), d -> new long[2])[0] = ((Number) r[1]).longValue();
        }
        for (Object row : em.createNativeQuery("""
                SELECT (merged_at AT TIME ZONE 'UTC')::date, count(*) FROM mlops.dedup_merges m
                  JOIN mlops.dedup_runs r ON r.id = m.run_id WHERE NOT r.dry_run GROUP BY 1""").getResultList()) {
            Object[] r = (Object[]) row;
            perDay.computeIfAbsent(day(r[0]), d -> new long[2])[1] = ((Number) r[1]).longValue();
        }
        List<DedupStats.Day> days = new ArrayList<>();
        perDay.forEach((day, counts) -> days.add(new DedupStats.Day(day, counts[0], counts[1])));
        return new DedupStats(days, DedupCandidate.count("status", CandidateStatus.PENDING),
                new DedupStats.PerTable(count("SELECT count(*) FROM mlops.cover_letter_samples WHERE deleted_at IS NOT NULL"),
                        count("SELECT count(*) FROM mlops.job_postings WHERE deleted_at IS NOT NULL")),
                new DedupStats.PerTable(count("SELECT count(*) FROM mlops.cover_letter_samples WHERE merged_into IS NOT NULL"),
                        count("SELECT count(*) FROM mlops.job_postings WHERE merged_into IS NOT NULL")));
    }

    private static LocalDate day(Object value) {
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
