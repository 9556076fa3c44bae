package dev.integrity.inspection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

import java.time.Instant;
import java.util.UUID;

/**
 * One inspection of one AED, as {@code aedpics.inspection_sessions} holds it. At most one per AED
 * is open (active or paused): the partial unique index {@code idx_inspection_sessions_active_session_per_equipment}
 * says so.
 */
@Entity
@Table(name = "inspection_sessions")
public class InspectionSession extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "equipment_serial")
    public String equipmentSerial;

    @Column(name = "inspector_id")
    public String inspectorId;

    public SessionStatus status;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "paused_at")
    public Instant pausedAt;

    @Column(name = "resumed_at")
    public Instant resumedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "last_activity_at")
    public Instant lastActivityAt;

    @Column(name = "cancellation_reason")
    public String cancellationReason;

    /** The findings of a completed inspection: the {@code result} jsonb column, as JSON text. */
    @Column(name = "result")
    @ColumnTransformer(read = "result::text", write = "?::jsonb")
    public String resultJson;
}
