package dev.integrity.inspection.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.inspection.Aed;
import dev.integrity.inspection.Duplicates;
import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.ScheduleStatus;
import dev.integrity.inspection.SessionEvent;
import dev.integrity.inspection.SessionStatus;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the inspection API answers. Timestamps are UTC. */
public final class Views {

    private Views() {
    }

    @Schema(example = """
            {"id": 1, "equipmentSerial": "HS1-2019-004512", "location": "서울역 3층 대합실, 안내데스크 옆", "model": "HeartStart HS1", "installedAt": "2019-05-14T01:00:00Z", "createdAt": "2025-01-27T00:12:31.204518Z"}""")
    public record AedView(long id, String equipmentSerial, @Schema(nullable = true) String location,
                          @Schema(nullable = true) String model, @Schema(nullable = true) Instant installedAt, Instant createdAt) {
        public static AedView of(Aed a) {
            return new AedView(a.id, a.equipmentSerial, a.location, a.model, a.installedAt, a.createdAt);
        }
    }

    @Schema(example = """
            {"id": "5b0c3f6e-2d1a-4c8e-9f7b-1a2b3c4d5e6f", "equipmentSerial": "HS1-2019-004512", "inspectorId": "inspector-lee", "status": "completed", "startedAt": "2025-01-27T01:00:02.118304Z", "pausedAt": null, "resumedAt": null, "completedAt": "2025-01-27T01:14:45.009127Z", "cancelledAt": null, "lastActivityAt": "2025-01-27T01:14:45.009127Z", "cancellationReason": null, "result": {"battery": 87, "pads": "ok", "selfTest": "passed"}}""")
    public record SessionView(UUID id, String equipmentSerial, String inspectorId, SessionStatus status, Instant startedAt,
                              @Schema(nullable = true) Instant pausedAt, @Schema(nullable = true) Instant resumedAt,
                              @Schema(nullable = true) Instant completedAt, @Schema(nullable = true) Instant cancelledAt,
                              Instant lastActivityAt, @Schema(nullable = true) String cancellationReason,
                              @Schema(nullable = true, type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                                      description = "the findings, once completed") JsonNode result) {
        public static SessionView of(InspectionSession s) {
            return new SessionView(s.id, s.equipmentSerial, s.inspectorId, s.status, s.startedAt, s.pausedAt,
                    s.resumedAt, s.completedAt, s.cancelledAt, s.lastActivityAt, s.cancellationReason, tree(s.resultJson));
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
    @Schema(example = """
            {"id": 2, "fromStatus": "active", "toStatus": "completed", "reason": null, "actor": "inspector-lee", "inspectorId": "inspector-lee", "at": "2025-01-27T01:14:45.009127Z"}""")
    public record EventView(long id, @Schema(nullable = true) SessionStatus fromStatus, SessionStatus toStatus,
                            @Schema(nullable = true) String reason, @Schema(nullable = true) String actor,
                            @Schema(nullable = true) String inspectorId, Instant at) {
        public static EventView of(SessionEvent e) {
            return new EventView(e.id, e.fromStatus, e.toStatus, e.reason, e.actor, e.session.inspectorId, e.at);
        }
    }

    @Schema(example = """
            {"id": 7, "aedDataId": 1, "scheduledFor": "2031-06-02T01:00:00Z", "assigneeId": "inspector-lee", "status": "scheduled", "windowStart": "2031-06-02T00:45:00Z", "windowEnd": "2031-06-02T01:15:00Z", "createdAt": "2025-01-27T00:20:11.553810Z", "completedAt": null, "cancelledAt": null, "cancellationReason": null, "createdBy": "inspector-lee"}""")
    public record ScheduleView(long id, long aedDataId, Instant scheduledFor, @Schema(nullable = true) String assigneeId,
                               ScheduleStatus status, Instant windowStart, Instant windowEnd, Instant createdAt,
                               @Schema(nullable = true) Instant completedAt, @Schema(nullable = true) Instant cancelledAt,
                               @Schema(nullable = true) String cancellationReason, @Schema(nullable = true) String createdBy) {
        public static ScheduleView of(Schedule s) {
            return new ScheduleView(s.id, s.aedDataId, s.scheduledFor, s.assigneeId, s.status, s.windowStart,
                    s.windowEnd, s.createdAt, s.completedAt, s.cancelledAt, s.cancellationReason, s.createdBy);
        }
    }

    /** The open-session cleanup's report: whether it changed anything, and every session it cancelled or would cancel. */
    @Schema(example = """
            {"dryRun": true, "count": 1, "resolved": [{"sessionId": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "equipmentSerial": "HS1-2019-004512", "previousStatus": "paused", "keptSessionId": "5b0c3f6e-2d1a-4c8e-9f7b-1a2b3c4d5e6f"}]}""")
    public record SessionCleanup(boolean dryRun, int count, List<Duplicates.ResolvedSession> resolved) {
    }

    /** The overlapping-schedule cleanup's report: whether it changed anything, and every schedule it cancelled or would cancel. */
    @Schema(example = """
            {"dryRun": true, "count": 1, "resolved": [{"scheduleId": 9, "aedDataId": 1, "scheduledFor": "2031-06-02T01:10:00Z", "keptScheduleId": 7}]}""")
    public record ScheduleCleanup(boolean dryRun, int count, List<Duplicates.ResolvedSchedule> resolved) {
    }
}
