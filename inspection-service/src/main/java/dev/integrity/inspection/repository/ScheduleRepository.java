package dev.integrity.inspection.repository;

import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.ScheduleStatus;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code aedpics.inspection_schedules}. */
@ApplicationScoped
public class ScheduleRepository {

    /** Half the window: two schedules conflict when they are less than twice this apart. */
    public static final Duration HALF_WINDOW = Duration.ofMinutes(15);

    // The exclusion constraint is the arbiter: a lost race inserts nothing, it never raises.
    private static final String INSERT = """
            INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for, assignee_id, created_by) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            RETURNING *""";

    private static final String CONFLICTING = """
            SELECT * FROM aedpics.inspection_schedules
             WHERE aed_data_id = ? AND status <> 'cancelled' AND window_start < ? AND ? < window_end
             ORDER BY scheduled_for, id LIMIT 1""";

    @Inject
    AgroalDataSource dataSource;

    /** The live schedule of this AED whose window overlaps one around {@code at}, if any. */
    public Optional<Schedule> conflicting(long aedDataId, Instant at) {
        return NativeSql.one(dataSource, CONFLICTING, ps -> {
            ps.setLong(1, aedDataId);
            JdbcValues.setInstant(ps, 2, at.plus(HALF_WINDOW));
            JdbcValues.setInstant(ps, 3, at.minus(HALF_WINDOW));
        }, ScheduleRepository::map);
    }

    /**
     * Inserts a schedule; empty when another live schedule of the AED lies less than 30 minutes
     * away (the exclusion constraint refused it).
     *
     * @throws UnknownAed if no AED has that id
     */
    public Optional<Schedule> insert(long aedDataId, Instant at, String assigneeId, String createdBy) {
        return NativeSql.one(dataSource, INSERT, ps -> {
            ps.setLong(1, aedDataId);
            JdbcValues.setInstant(ps, 2, at);
            JdbcValues.setText(ps, 3, assigneeId);
            JdbcValues.setText(ps, 4, createdBy);
        }, ScheduleRepository::map, UnknownAed::onForeignKey);
    }

    /**
     * Cancels a scheduled schedule (freeing its slot); empty if it is unknown, no longer scheduled,
     * or not assigned to {@code onlyAssignee} (null: anyone's).
     */
    public Optional<Schedule> cancel(long id, String reason, String onlyAssignee) {
        return update("UPDATE aedpics.inspection_schedules SET status = 'cancelled', cancelled_at = now(), cancellation_reason = ? "
                + "WHERE id = ? AND status = 'scheduled' AND (?::text IS NULL OR assignee_id = ?) RETURNING *", ps -> {
                    ps.setString(1, reason);
                    ps.setLong(2, id);
                    JdbcValues.setText(ps, 3, onlyAssignee);
                    JdbcValues.setText(ps, 4, onlyAssignee);
                });
    }

    /** Marks a scheduled schedule done; empty if it is unknown, no longer scheduled, or not {@code onlyAssignee}'s. */
    public Optional<Schedule> complete(long id, String onlyAssignee) {
        return update("UPDATE aedpics.inspection_schedules SET status = 'completed', completed_at = now() "
                + "WHERE id = ? AND status = 'scheduled' AND (?::text IS NULL OR assignee_id = ?) RETURNING *", ps -> {
                    ps.setLong(1, id);
                    JdbcValues.setText(ps, 2, onlyAssignee);
                    JdbcValues.setText(ps, 3, onlyAssignee);
                });
    }

    public Optional<Schedule> find(long id) {
        return NativeSql.one(dataSource, "SELECT * FROM aedpics.inspection_schedules WHERE id = ?", ps -> ps.setLong(1, id),
                ScheduleRepository::map);
    }

    /** Schedules in time order, optionally of one AED and inside [from, to). */
    public List<Schedule> list(Long aedDataId, Instant from, Instant to, int page, int size) {
        return NativeSql.list(dataSource, """
                SELECT * FROM aedpics.inspection_schedules
                 WHERE (?::bigint IS NULL OR aed_data_id = ?)
                   AND (?::timestamptz IS NULL OR scheduled_for >= ?) AND (?::timestamptz IS NULL OR scheduled_for < ?)
                 ORDER BY scheduled_for, id LIMIT ? OFFSET ?""", ps -> {
                    bindFilter(ps, aedDataId, from, to);
                    ps.setInt(7, size);
                    ps.setLong(8, (long) page * size);
                }, ScheduleRepository::map);
    }

    public long count(Long aedDataId, Instant from, Instant to) {
        return NativeSql.count(dataSource, """
                SELECT count(*) FROM aedpics.inspection_schedules
                 WHERE (?::bigint IS NULL OR aed_data_id = ?)
                   AND (?::timestamptz IS NULL OR scheduled_for >= ?) AND (?::timestamptz IS NULL OR scheduled_for < ?)""",
                ps -> bindFilter(ps, aedDataId, from, to));
    }

    private Optional<Schedule> update(String sql, NativeSql.Binder binder) {
        return NativeSql.one(dataSource, sql, binder, ScheduleRepository::map);
    }

    private static void bindFilter(PreparedStatement ps, Long aedDataId, Instant from, Instant to) throws SQLException {
        if (aedDataId == null) {
            ps.setNull(1, java.sql.Types.BIGINT);
            ps.setNull(2, java.sql.Types.BIGINT);
        } else {
            ps.setLong(1, aedDataId);
            ps.setLong(2, aedDataId);
        }
        JdbcValues.setInstant(ps, 3, from);
        JdbcValues.setInstant(ps, 4, from);
        JdbcValues.setInstant(ps, 5, to);
        JdbcValues.setInstant(ps, 6, to);
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getLong("id"), rs.getLong("aed_data_id"), JdbcValues.instant(rs, "scheduled_for"), rs.getString("assignee_id"),
                CodedEnum.of(ScheduleStatus.class, rs.getString("status")), JdbcValues.instant(rs, "window_start"), JdbcValues.instant(rs, "window_end"), JdbcValues.instant(rs, "created_at"),
                JdbcValues.instant(rs, "completed_at"), JdbcValues.instant(rs, "cancelled_at"), rs.getString("cancellation_reason"),
                rs.getString("created_by"));
    }
}
