package dev.integrity.matching;

import dev.integrity.platform.error.RecordedFailure;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** mlops.dedup_runs: one deduplication run and what it did (or, dry, would do). */
@Entity
@Table(name = "dedup_runs")
public class DedupRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public DedupTarget target;

    @Column(name = "dry_run")
    public boolean dryRun;

    public DedupTrigger trigger;

    /** Who asked for the run: a token's subject, or the pipeline job's requester. Its merges are theirs. */
    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public DedupRunStatus status;

    public int groups;

    @Column(name = "duplicates_found")
    public int duplicatesFound;

    public int merged;

    @Column(name = "recommendations_repointed")
    public int recommendationsRepointed;

    @Column(name = "recommendations_collapsed")
    public int recommendationsCollapsed;

    @Column(name = "interactions_repointed")
    public int interactionsRepointed;

    @Column(name = "candidates_proposed")
    public int candidatesProposed;

    /** Time spent finding duplicates (grouping, similarity, keepers), in milliseconds. */
    @Column(name = "detection_ms")
    public long detectionMs;

    /** Time spent merging them, in milliseconds. */
    @Column(name = "merge_ms")
    public long mergeMs;

    /** The failure's problem type (its last segment: internal, lock-timeout...), never its text. */
    @Column(name = "error_type")
    public String errorType;

    /** The id the failure's log line carries. */
    @Column(name = "error_id")
    public UUID errorId;

    public void failed(RecordedFailure failure) {
        errorType = failure.slug();
        errorId = failure.errorId();
    }
}
