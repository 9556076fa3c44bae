package dev.integrity.inspection;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A planned inspection of an AED, as {@code aedpics.inspection_schedules} holds it. The window is
 * the 30 minutes around {@code scheduledFor} that the database sets (a trigger) and guards (the
 * exclusion constraint {@code inspection_schedules_no_overlap}).
 */
@Entity
@Table(name = "inspection_schedules")
public class Schedule extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public long id;

    @Column(name = "aed_data_id")
    public long aedDataId;

    @Column(name = "scheduled_for")
    public Instant scheduledFor;

    @Column(name = "assignee_id")
    public String assigneeId;

    public ScheduleStatus status;

    @Column(name = "window_start", insertable = false, updatable = false)
    public Instant windowStart;

    @Column(name = "window_end", insertable = false, updatable = false)
    public Instant windowEnd;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancellation_reason")
    public String cancellationReason;

    /** Who created it: a token's subject. */
    @Column(name = "created_by", updatable = false)
    public String createdBy;
}
