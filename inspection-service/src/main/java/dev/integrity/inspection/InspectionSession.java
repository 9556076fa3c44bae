package dev.integrity.inspection;

import java.time.Instant;
import java.util.UUID;

/** One inspection of one AED, as {@code aedpics.inspection_sessions} holds it; {@code resultJson} is raw JSON. */
public record InspectionSession(UUID id, String equipmentSerial, String inspectorId, SessionStatus status, Instant startedAt,
                                Instant pausedAt, Instant resumedAt, Instant completedAt, Instant cancelledAt,
                                Instant lastActivityAt, String cancellationReason, String resultJson) {
}
