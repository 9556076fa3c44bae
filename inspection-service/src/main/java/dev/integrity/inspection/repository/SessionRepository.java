package dev.integrity.inspection.repository;

import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The writes of {@code aedpics.inspection_sessions} and its event log, native because each is one
 * statement that also records the move (a writable CTE), so a move and its record are never apart,
 * and a start the partial unique index refuses inserts nothing instead of raising; and the start's
 * check, on the hot path. Other reads are Panache.
 */
@ApplicationScoped
public class SessionRepository {

    /**
     * The outcome of a move: the moved session, or the state that refused it and whose session it is
     * (empty: unknown id).
     */
    public record MoveOutcome(Optional<InspectionSession> moved, Optional<SessionStatus> current, Optional<String> inspectorId) {
    }

    /*
     * The start's check reads through the partial unique index that decides the race (its predicate
     * written as the index's, so the planner can use it). It stays native because session start is
     * a measured hot path: the same read through Panache cost start 1.35x its p50 inside a
     * transaction and 2.6x without one (docs/benchmarks.md, issue 15).
     */
    private static final String OPEN = "SELECT * FROM aedpics.inspection_sessions WHERE equipment_serial = ? AND status IN ('active', 'paused')";

    // The partial unique index is the arbiter: a lost race inserts nothing, it never raises.
    private static final String START = """
            WITH s AS (
                INSERT INTO aedpics.inspection_sessions (equipment_serial, inspector_id) VALUES (?, ?)
                ON CONFLICT (equipment_serial) WHERE status IN ('active', 'paused') DO NOTHING
                RETURNING *
            ), e AS (
                INSERT INTO aedpics.inspection_session_events (session_id, from_status, to_status, reason, actor)
                SELECT id, NULL, 'active', 'started', inspector_id FROM s
            )
            SELECT * FROM s""";

    private static final Map<SessionMove, String> MOVES = new EnumMap<>(SessionMove.class);

    static {
        for (SessionMove move : SessionMove.values()) {
            String extra = switch (move) {
                case COMPLETE -> ", result = ?::jsonb";
                case CANCEL -> ", cancellation_reason = ?";
                default -> "";
            };
            MOVES.put(move, """
                    WITH cur AS (
                        SELECT id, status, inspector_id FROM aedpics.inspection_sessions WHERE id = ? FOR UPDATE
                    ), moved AS (
                        UPDATE aedpics.inspection_sessions t
                           SET status = '%s', %s = now(), last_activity_at = now()%s
                          FROM cur
                         WHERE t.id = cur.id AND cur.status = ANY (?) AND (?::text IS NULL OR cur.inspector_id = ?)
                        RETURNING t.*, cur.status AS from_status
                    ), e AS (
                        INSERT INTO aedpics.inspection_session_events (session_id, from_status, to_status, reason, actor)
                        SELECT id, from_status, status, ?, ? FROM moved
                    )
                    SELECT cur.status AS current_status, cur.inspector_id AS current_inspector, m.* FROM cur LEFT JOIN moved m ON true"""
                    .formatted(move.to().code(), move.timestampColumn(), extra));
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** The AED's open (active or paused) session, if it has one. */
    public Optional<InspectionSession> open(String serial) {
        return NativeSql.one(dataSource, OPEN, ps -> ps.setString(1, serial), SessionRepository::row);
    }

    /**
     * Opens a session, with its first event, in one statement. Empty when the AED already has an
     * open session (the index refused the row).
     *
     * @throws UnknownAed if no AED has that serial
     */
    public Optional<InspectionSession> start(String serial, String inspectorId) {
        return NativeSql.one(dataSource, START, ps -> {
            ps.setString(1, serial);
            ps.setString(2, inspectorId);
        }, SessionRepository::row, UnknownAed::onForeignKey);
    }

    /**
     * Moves a session if its state allows (and, when {@code onlyInspector} is set, if it is that
     * inspector's), recording the move by {@code actor}; {@code detail} is the result JSON or the reason.
     */
    public MoveOutcome move(UUID id, SessionMove move, String detail, String reason, String actor, String onlyInspector) {
        return NativeSql.one(dataSource, MOVES.get(move), ps -> {
            // In the statement's order: the id, the SET's extra value, the allowed states, the owner, the event.
            int i = 1;
            ps.setObject(i++, id);
            if (move == SessionMove.COMPLETE || move == SessionMove.CANCEL) {
                JdbcValues.setText(ps, i++, detail);
            }
            ps.setArray(i++, ps.getConnection().createArrayOf("text", move.from().stream().map(SessionStatus::code).toArray()));
            JdbcValues.setText(ps, i++, onlyInspector);
            JdbcValues.setText(ps, i++, onlyInspector);
            JdbcValues.setText(ps, i++, reason);
            ps.setString(i, actor);
        }, rs -> new MoveOutcome(rs.getObject("id") == null ? Optional.empty() : Optional.of(row(rs)),
                Optional.of(CodedEnum.of(SessionStatus.class, rs.getString("current_status"))), Optional.of(rs.getString("current_inspector"))))
                .orElse(new MoveOutcome(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** An idle-session move that also records each moved session; parameters: the idle seconds, then the actor. */
    private static final String CANCEL_ABANDONED = """
            WITH moved AS (
                UPDATE aedpics.inspection_sessions t
                   SET status = 'cancelled', cancelled_at = now(), cancellation_reason = 'abandoned'
                  FROM (SELECT id, status FROM aedpics.inspection_sessions
                         WHERE status IN ('active', 'paused') AND last_activity_at < now() - make_interval(secs => ?)
                         FOR UPDATE SKIP LOCKED) o
                 WHERE t.id = o.id
                RETURNING t.id, o.status AS from_status, t.status
            ), e AS (
                INSERT INTO aedpics.inspection_session_events (session_id, from_status, to_status, reason, actor)
                SELECT id, from_status, status, 'abandoned', ? FROM moved
            )
            SELECT count(*) FROM moved""";

    private static final String PAUSE_STALE = """
            WITH moved AS (
                UPDATE aedpics.inspection_sessions t
                   SET status = 'paused', paused_at = now()
                  FROM (SELECT id, status FROM aedpics.inspection_sessions
                         WHERE status = 'active' AND last_activity_at < now() - make_interval(secs => ?)
                         FOR UPDATE SKIP LOCKED) o
                 WHERE t.id = o.id
                RETURNING t.id, o.status AS from_status, t.status
            ), e AS (
                INSERT INTO aedpics.inspection_session_events (session_id, from_status, to_status, reason, actor)
                SELECT id, from_status, status, 'stale', ? FROM moved
            )
            SELECT count(*) FROM moved""";

    /**
     * Cancels, with reason {@code abandoned}, every open session idle longer than {@code idle}, and
     * records each move. Rows another transaction holds are left for the next run.
     */
    public int cancelAbandoned(Duration idle, String actor) {
        return idleMove(CANCEL_ABANDONED, idle, actor);
    }

    /** Pauses every active session idle longer than {@code idle} (its last activity stays as it was), recording each move. */
    public int pauseStale(Duration idle, String actor) {
        return idleMove(PAUSE_STALE, idle, actor);
    }

    private int idleMove(String statement, Duration idle, String actor) {
        return (int) NativeSql.count(dataSource, statement, ps -> {
            ps.setDouble(1, idle.toMillis() / 1000.0);
            ps.setString(2, actor);
        });
    }

    /** A started or moved row as the entity, as a Panache read would give it. */
    private static InspectionSession row(ResultSet rs) throws SQLException {
        InspectionSession s = new InspectionSession();
        s.id = rs.getObject("id", UUID.class);
        s.equipmentSerial = rs.getString("equipment_serial");
        s.inspectorId = rs.getString("inspector_id");
        s.status = CodedEnum.of(SessionStatus.class, rs.getString("status"));
        s.startedAt = JdbcValues.instant(rs, "started_at");
        s.pausedAt = JdbcValues.instant(rs, "paused_at");
        s.resumedAt = JdbcValues.instant(rs, "resumed_at");
        s.completedAt = JdbcValues.instant(rs, "completed_at");
        s.cancelledAt = JdbcValues.instant(rs, "cancelled_at");
        s.lastActivityAt = JdbcValues.instant(rs, "last_activity_at");
        s.cancellationReason = rs.getString("cancellation_reason");
        s.resultJson = rs.getString("result");
        return s;
    }
}
