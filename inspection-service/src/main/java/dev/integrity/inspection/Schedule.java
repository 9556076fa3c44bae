package dev.integrity.inspection;

import java.time.Instant;

/** A planned inspection of an AED, as {@code aedpics.inspection_schedules} holds it. */
public record Schedule(long id, long aedDataId, Instant scheduledFor, String assigneeId, ScheduleStatus status, Instant windowStart,
                       Instant windowEnd, Instant createdAt, Instant completedAt, Instant cancelledAt, String cancellationReason,
                       String createdBy) {
}
