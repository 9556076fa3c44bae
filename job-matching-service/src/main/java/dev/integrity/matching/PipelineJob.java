package dev.integrity.matching;

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
import java.util.UUID;

/** mlops.pipeline_jobs: one queued pipeline job (the seed's BatchProcessorManager job, as a row). */
@Entity
@Table(name = "pipeline_jobs")
public class PipelineJob extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public PipelineJobType type;

    public PipelineJobStatus status;

    public int attempts;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    /** Who queued the job (or queued it again): a token's subject, or job:matching-nightly-pipeline. */
    @Column(name = "requested_by")
    public String requestedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> result;

    /** The failure's problem type (its last segment: internal, lock-timeout...), never its text. */
    @Column(name = "error_type")
    public String errorType;

    /** The id the failure's log line carries. */
    @Column(name = "error_id")
    public UUID errorId;
}
