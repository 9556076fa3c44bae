package dev.integrity.platform.jobs;

import dev.integrity.platform.error.RecordedFailure;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One run of a maintenance job, in the service's own {@code job_run} table. */
@Entity
@Table(name = "job_run")
public class JobRun extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String job;

    public JobTrigger trigger;

    public String instance;

    /** Who asked for the run: the admin's subject; null for a scheduled run. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** The schedule's fire time a scheduled run ran for (one run per fire time); null for a run someone asked for. */
    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public String outcome;

    @Column(name = "rows_affected")
    public Long rowsAffected;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> detail;

    /** The failure's problem type (its last segment: internal, lock-timeout...), never its text. */
    @Column(name = "error_type")
    public String errorType;

    /** The id the failure's log line carries. */
    @Column(name = "error_id")
    public UUID errorId;

    public static Optional<JobRun> lastOf(String job) {
        return find("job = ?1 order by startedAt desc", job).firstResultOptional();
    }

    public void failed(RecordedFailure failure) {
        errorType = failure.slug();
        errorId = failure.errorId();
        if (failure.diagnosis() != null) {
            detail = failure.diagnosis();
        }
    }
}
