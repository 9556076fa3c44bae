package dev.integrity.inspection;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the duplicate monitoring finds and what its cleanup resolves (seed 004's audit queries). */
public final class Duplicates {

    private Duplicates() {
    }

    /** An AED with more than one open session, most recently active first. */
    @RegisterForReflection
    public record DuplicateSessions(String equipmentSerial, int count, List<UUID> sessionIds) {
    }

    /** Two live schedules of one AED less than 30 minutes apart. */
    @RegisterForReflection
    public record OverlappingSchedules(long aedDataId, long firstScheduleId, Instant firstScheduledFor, long secondScheduleId,
                                       Instant secondScheduledFor) {
    }

    /** A session the resolver cancels (or would cancel), and the one it keeps. */
    @RegisterForReflection
    public record ResolvedSession(UUID sessionId, String equipmentSerial, SessionStatus previousStatus, UUID keptSessionId) {
    }

    /** A schedule the resolver cancels (or would cancel), and the earlier one it keeps. */
    @RegisterForReflection
    public record ResolvedSchedule(long scheduleId, long aedDataId, Instant scheduledFor, long keptScheduleId) {
    }
}
