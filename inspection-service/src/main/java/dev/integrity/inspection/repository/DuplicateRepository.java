package dev.integrity.inspection.repository;

import dev.integrity.inspection.Duplicates;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.util.List;
import java.util.UUID;

/**
 * Finds, dynamically, what would break the two rules if their constraints were missing, and
 * resolves it with the database functions the upgrade migration uses (V2).
 */
@ApplicationScoped
public class DuplicateRepository {

    @Inject
    AgroalDataSource dataSource;

    /** The first {@value Page#MAX_SIZE} AEDs with more than one open session (the cleanup resolves them all). */
    public List<Duplicates.DuplicateSessions> duplicateSessions() {
        return query("""
                SELECT equipment_serial, count(*) AS n, array_agg(id ORDER BY last_activity_at DESC, started_at DESC, id DESC) AS ids
                  FROM aedpics.inspection_sessions WHERE status IN ('active', 'paused')
                 GROUP BY equipment_serial HAVING count(*) > 1 ORDER BY equipment_serial LIMIT ?""", ps -> ps.setInt(1, Page.MAX_SIZE), rs -> {
            Array ids = rs.getArray("ids");
            List<UUID> sessionIds = List.of((UUID[]) ids.getArray());
            return new Duplicates.DuplicateSessions(rs.getString("equipment_serial"), rs.getInt("n"), sessionIds);
        });
    }

    /** The first {@value Page#MAX_SIZE} pairs of overlapping schedules (the cleanup resolves them all). */
    public List<Duplicates.OverlappingSchedules> overlappingSchedules() {
        return query("""
                SELECT a.aed_data_id, a.id AS a_id, a.scheduled_for AS a_for, b.id AS b_id, b.scheduled_for AS b_for
                  FROM aedpics.inspection_schedules a
                  JOIN aedpics.inspection_schedules b
                    ON b.aed_data_id = a.aed_data_id AND b.id > a.id
                   AND a.window_start < b.window_end AND b.window_start < a.window_end
                 WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'
                 ORDER BY a.aed_data_id, a.id, b.id LIMIT ?""", ps -> ps.setInt(1, Page.MAX_SIZE), rs -> new Duplicates.OverlappingSchedules(rs.getLong("aed_data_id"),
                rs.getLong("a_id"), JdbcValues.instant(rs, "a_for"), rs.getLong("b_id"), JdbcValues.instant(rs, "b_for")));
    }

    /** Cancels (with {@code apply}) all open sessions but the most recently active one of each AED. */
    public List<Duplicates.ResolvedSession> resolveSessions(boolean apply, String actor) {
        return query("SELECT * FROM aedpics.resolve_duplicate_sessions(?, ?)", ps -> {
            ps.setBoolean(1, apply);
            ps.setString(2, actor);
        }, rs -> new Duplicates.ResolvedSession(
                rs.getObject("session_id", UUID.class), rs.getString("equipment_serial"), CodedEnum.of(SessionStatus.class, rs.getString("previous_status")),
                rs.getObject("kept_session_id", UUID.class)));
    }

    /** Cancels (with {@code apply}) every live schedule that overlaps an earlier-created one of its AED. */
    public List<Duplicates.ResolvedSchedule> resolveSchedules(boolean apply) {
        return query("SELECT * FROM aedpics.resolve_overlapping_schedules(?)", ps -> ps.setBoolean(1, apply), rs -> new Duplicates.ResolvedSchedule(
                rs.getLong("schedule_id"), rs.getLong("aed_data_id"), JdbcValues.instant(rs, "scheduled_for"), rs.getLong("kept_schedule_id")));
    }

    private <T> List<T> query(String sql, NativeSql.Binder binder, NativeSql.Mapper<T> mapper) {
        return NativeSql.list(dataSource, sql, binder, mapper);
    }
}
