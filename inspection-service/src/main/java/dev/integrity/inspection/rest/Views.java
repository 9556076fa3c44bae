package dev.integrity.inspection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.inspection.Aed;
import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.ScheduleStatus;
import dev.integrity.inspection.SessionEvent;
import dev.integrity.inspection.SessionStatus;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** What the inspection API answers. Timestamps are UTC. */
public final class Views {

    private Views() {
    }

    public record AedView(long id, String equipmentSerial, @Schema(nullable = true) String location,
                          @Schema(nullable = true) String model, @Schema(nullable = true) Instant installedAt, Instant createdAt) {
        public static AedView of(Aed a) {
            return new AedView(a.id(), a.equipmentSerial(), a.location(), a.model(), a.installedAt(), a.createdAt());
        }
    }

    public record SessionView(UUID id, String equipmentSerial, String inspectorId, SessionStatus status, Instant startedAt,
                              @Schema(nullable = true) Instant pausedAt, @Schema(nullable = true) Instant resumedAt,
                              @Schema(nullable = true) Instant completedAt, @Schema(nullable = true) Instant cancelledAt,
                              Instant lastActivityAt, @Schema(nullable = true) String cancellationReason,
                              @Schema(nullable = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                                      description = "the findings, once completed") JsonNode result) {
        public static SessionView of(InspectionSession s) {
            return new SessionView(s.id(), s.equipmentSerial(), s.inspectorId(), s.status(), s.startedAt(), s.pausedAt(),
                    s.resumedAt(), s.completedAt(), s.cancelledAt(), s.lastActivityAt(), s.cancellationReason(), tree(s.resultJson()));
        }
    }

    /** Only parses what PostgreSQL stored as jsonb, so it never fails on valid data. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode tree(String json) {
        try {
            return json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("jsonb column held invalid JSON", e);
        }
    }

    /** One move of a session: {@code actor} made it; {@code inspectorId} is whose session it is. */
    public record EventView(long id, @Schema(nullable = true) SessionStatus fromStatus, SessionStatus toStatus,
                            @Schema(nullable = true) String reason, @Schema(nullable = true) String actor,
                            @Schema(nullable = true) String inspectorId, Instant at) {
        public static EventView of(SessionEvent e) {
            return new EventView(e.id(), e.fromStatus(), e.toStatus(), e.reason(), e.actor(), e.inspectorId(), e.at());
        }
    }

    public record ScheduleView(long id, long aedDataId, Instant scheduledFor, @Schema(nullable = true) String assigneeId,
                               ScheduleStatus status, Instant windowStart, Instant windowEnd, Instant createdAt,
                               @Schema(nullable = true) Instant completedAt, @Schema(nullable = true) Instant cancelledAt,
                               @Schema(nullable = true) String cancellationReason, @Schema(nullable = true) String createdBy) {
        public static ScheduleView of(Schedule s) {
            return new ScheduleView(s.id(), s.aedDataId(), s.scheduledFor(), s.assigneeId(), s.status(), s.windowStart(),
                    s.windowEnd(), s.createdAt(), s.completedAt(), s.cancelledAt(), s.cancellationReason(), s.createdBy());
        }
    }

    /** A cleanup's report: whether it changed anything, and every row it cancelled or would cancel. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record CleanupReport<T>(boolean dryRun, int count, java.util.List<T> resolved) {
    }
}
