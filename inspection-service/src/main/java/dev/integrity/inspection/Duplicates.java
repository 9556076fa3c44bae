package dev.integrity.inspection;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the duplicate monitoring finds and what its cleanup resolves (seed 004's audit queries). */
public final class Duplicates {

    private Duplicates() {
    }

    /** An AED with more than one open session, most recently active first. */
    @RegisterForReflection
    @Schema(example = """
            {"equipmentSerial": "HS1-2019-004512", "count": 2, "sessionIds": ["5b0c3f6e-2d1a-4c8e-9f7b-1a2b3c4d5e6f", "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"]}""")
    public record DuplicateSessions(String equipmentSerial, int count, List<UUID> sessionIds) {
    }

    /** Two live schedules of one AED less than 30 minutes apart. */
    @RegisterForReflection
    @Schema(example = """
            {"aedDataId": 1, "firstScheduleId": 7, "firstScheduledFor": "2031-06-02T01:00:00Z", "secondScheduleId": 9, "secondScheduledFor": "2031-06-02T01:10:00Z"}""")
    public record OverlappingSchedules(long aedDataId, long firstScheduleId, Instant firstScheduledFor, long secondScheduleId,
                                       Instant secondScheduledFor) {
    }

    /** A session the resolver cancels (or would cancel), and the one it keeps. */
    @RegisterForReflection
    @Schema(example = """
            {"sessionId": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b", "equipmentSerial": "HS1-2019-004512", "previousStatus": "paused", "keptSessionId": "5b0c3f6e-2d1a-4c8e-9f7b-1a2b3c4d5e6f"}""")
    public record ResolvedSession(UUID sessionId, String equipmentSerial, SessionStatus previousStatus, UUID keptSessionId) {
    }

    /** A schedule the resolver cancels (or would cancel), and the earlier one it keeps. */
    @RegisterForReflection
    @Schema(example = """
            {"scheduleId": 9, "aedDataId": 1, "scheduledFor": "2031-06-02T01:10:00Z", "keptScheduleId": 7}""")
    public record ResolvedSchedule(long scheduleId, long aedDataId, Instant scheduledFor, long keptScheduleId) {
    }
}
