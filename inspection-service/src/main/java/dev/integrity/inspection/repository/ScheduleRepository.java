package dev.integrity.inspection.repository;

import dev.integrity.inspection.Schedule;
import dev.integrity.inspection.ScheduleStatus;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The {@code aedpics.inspection_schedules} insert, native so that the exclusion constraint decides a race without raising. */
@ApplicationScoped
public class ScheduleRepository {

    // The exclusion constraint is the arbiter: a lost race inserts nothing, it never raises.
    private static final String INSERT = """
            INSERT INTO aedpics.inspection_schedules (aed_data_id, scheduled_for, assignee_id, created_by) VALUES (?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            RETURNING *""";

    @Inject
    AgroalDataSource dataSource;

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
        }, ScheduleRepository::row, UnknownAed::onForeignKey);
    }

    /** The inserted row as the entity, as a Panache read would give it (the window as the trigger set it). */
    private static Schedule row(ResultSet rs) throws SQLException {
        Schedule s = new Schedule();
        s.id = rs.getLong("id");
        s.aedDataId = rs.getLong("aed_data_id");
        s.scheduledFor = JdbcValues.instant(rs, "scheduled_for");
        s.assigneeId = rs.getString("assignee_id");
        s.status = CodedEnum.of(ScheduleStatus.class, rs.getString("status"));
        s.windowStart = JdbcValues.instant(rs, "window_start");
        s.windowEnd = JdbcValues.instant(rs, "window_end");
        s.createdAt = JdbcValues.instant(rs, "created_at");
        s.completedAt = JdbcValues.instant(rs, "completed_at");
        s.cancelledAt = JdbcValues.instant(rs, "cancelled_at");
        s.cancellationReason = rs.getString("cancellation_reason");
        s.createdBy = rs.getString("created_by");
        return s;
    }
}
