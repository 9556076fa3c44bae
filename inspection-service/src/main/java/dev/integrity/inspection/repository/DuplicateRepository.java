package dev.integrity.inspection.repository;

import dev.integrity.platform.paging.Page;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finds, dynamically, what would break the two rules if their constraints were missing, and
 * resolves it with the database functions the upgrade migration uses (V2).
 */
@ApplicationScoped
public class DuplicateRepository {

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
    public record ResolvedSession(UUID sessionId, String equipmentSerial, String previousStatus, UUID keptSessionId) {
    }

    /** A schedule the resolver cancels (or would cancel), and the earlier one it keeps. */
    @RegisterForReflection
    public record ResolvedSchedule(long scheduleId, long aedDataId, Instant scheduledFor, long keptScheduleId) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** The first {@value Page#MAX_SIZE} AEDs with more than one open session (the cleanup resolves them all). */
    public List<DuplicateSessions> duplicateSessions() {
        return query("""
                SELECT equipment_serial, count(*) AS n, array_agg(id ORDER BY last_activity_at DESC, started_at DESC, id DESC) AS ids
                  FROM aedpics.inspection_sessions WHERE status IN ('active', 'paused')
                 GROUP BY equipment_serial HAVING count(*) > 1 ORDER BY equipment_serial LIMIT ?""", ps -> ps.setInt(1, Page.MAX_SIZE), rs -> {
            Array ids = rs.getArray("ids");
            List<UUID> sessionIds = List.of((UUID[]) ids.getArray());
            return new DuplicateSessions(rs.getString("equipment_serial"), rs.getInt("n"), sessionIds);
        });
    }

    /** The first {@value Page#MAX_SIZE} pairs of overlapping schedules (the cleanup resolves them all). */
    public List<OverlappingSchedules> overlappingSchedules() {
        return query("""
                SELECT a.aed_data_id, a.id AS a_id, a.scheduled_for AS a_for, b.id AS b_id, b.scheduled_for AS b_for
                  FROM aedpics.inspection_schedules a
                  JOIN aedpics.inspection_schedules b
                    ON b.aed_data_id = a.aed_data_id AND b.id > a.id
                   AND a.window_start < b.window_end AND b.window_start < a.window_end
                 WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
                 ORDER BY a.aed_data_id, a.id, b.id LIMIT ?""", ps -> ps.setInt(1, Page.MAX_SIZE), rs -> new OverlappingSchedules(rs.getLong("aed_data_id"),
                rs.getLong("a_id"), Rows.instant(rs, "a_for"), rs.getLong("b_id"), Rows.instant(rs, "b_for")));
    }

    /** Cancels (with {@code apply}) all open sessions but the most recently active one of each AED. */
    public List<ResolvedSession> resolveSessions(boolean apply, String actor) {
        return query("SELECT * FROM aedpics.resolve_duplicate_sessions(?, ?)", ps -> {
            ps.setBoolean(1, apply);
            ps.setString(2, actor);
        }, rs -> new ResolvedSession(
                rs.getObject("session_id", UUID.class), rs.getString("equipment_serial"), rs.getString("previous_status"),
                rs.getObject("kept_session_id", UUID.class)));
    }

    /** Cancels (with {@code apply}) every live schedule that overlaps an earlier-created one of its AED. */
    public List<ResolvedSchedule> resolveSchedules(boolean apply) {
        return query("SELECT * FROM aedpics.resolve_overlapping_schedules(?)", ps -> ps.setBoolean(1, apply), rs -> new ResolvedSchedule(
                rs.getLong("schedule_id"), rs.getLong("aed_data_id"), Rows.instant(rs, "scheduled_for"), rs.getLong("kept_schedule_id")));
    }

    private <T> List<T> query(String sql, Sql.Binder binder, Sql.Mapper<T> mapper) {
        return Sql.list(dataSource, sql, binder, mapper);
    }
}
