package dev.integrity.inspection.repository;

import dev.integrity.inspection.InspectionSession;
import dev.integrity.inspection.SessionEvent;
import dev.integrity.inspection.SessionMove;
import dev.integrity.inspection.SessionStatus;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code aedpics.inspection_sessions} and its event log. Every write is one statement that also
 * records the move, so a move and its record are never apart.
 */
@ApplicationScoped
public class SessionRepository {

    /** What starting a session needs to know about an AED: whether it exists, and its open session. */
    public record AedState(boolean aedExists, Optional<InspectionSession> open) {
    }

    /**
     * The outcome of a move: the moved session, or the state that refused it and whose session it is
     * (empty: unknown id).
     */
    public record MoveOutcome(Optional<InspectionSession> moved, Optional<SessionStatus> current, Optional<String> inspectorId) {
    }

    private static final String AED_STATE = """
            SELECT a.equipment_serial AS aed, s.*
              FROM aedpics.aed_data a
              LEFT JOIN aedpics.inspection_sessions s ON s.equipment_serial = a.equipment_serial AND s.status IN ('active', 'paused')
             WHERE a.equipment_serial = ?""";

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

    public AedState aedState(String serial) {
        return NativeSql.one(dataSource, AED_STATE, ps -> ps.setString(1, serial),
                        rs -> new AedState(true, rs.getObject("id") == null ? Optional.empty() : Optional.of(map(rs))))
                .orElse(new AedState(false, Optional.empty()));
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
        }, SessionRepository::map, UnknownAed::onForeignKey);
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
        }, rs -> new MoveOutcome(rs.getObject("id") == null ? Optional.empty() : Optional.of(map(rs)),
                Optional.of(CodedEnum.of(SessionStatus.class, rs.getString("current_status"))), Optional.of(rs.getString("current_inspector"))))
                .orElse(new MoveOutcome(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** A session's events, oldest first: every move, who made it and why. */
    public List<SessionEvent> events(UUID id) {
        return NativeSql.list(dataSource, """
                SELECT e.id, e.from_status, e.to_status, e.reason, e.actor, s.inspector_id, e.at
                  FROM aedpics.inspection_session_events e JOIN aedpics.inspection_sessions s ON s.id = e.session_id
                 WHERE e.session_id = ? ORDER BY e.id""", ps -> ps.setObject(1, id),
                rs -> new SessionEvent(rs.getLong("id"), status(rs, "from_status"), status(rs, "to_status"), rs.getString("reason"),
                        rs.getString("actor"), rs.getString("inspector_id"), JdbcValues.instant(rs, "at")));
    }

    public Optional<InspectionSession> find(UUID id) {
        return NativeSql.one(dataSource, "SELECT * FROM aedpics.inspection_sessions WHERE id = ?", ps -> ps.setObject(1, id),
                SessionRepository::map);
    }

    /** Sessions newest first, optionally of one AED and in one state. */
    public List<InspectionSession> list(String serial, SessionStatus status, int page, int size) {
        return NativeSql.list(dataSource, """
                SELECT * FROM aedpics.inspection_sessions
                 WHERE (?::text IS NULL OR equipment_serial = ?) AND (?::text IS NULL OR status = ?)
                 ORDER BY started_at DESC, id LIMIT ? OFFSET ?""", ps -> {
                    bindFilter(ps, serial, status);
                    ps.setInt(5, size);
                    ps.setLong(6, (long) page * size);
                }, SessionRepository::map);
    }

    public long count(String serial, SessionStatus status) {
        return NativeSql.count(dataSource, """
                SELECT count(*) FROM aedpics.inspection_sessions
                 WHERE (?::text IS NULL OR equipment_serial = ?) AND (?::text IS NULL OR status = ?)""",
                ps -> bindFilter(ps, serial, status));
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

    private static void bindFilter(PreparedStatement ps, String serial, SessionStatus status) throws SQLException {
        JdbcValues.setText(ps, 1, serial);
        JdbcValues.setText(ps, 2, serial);
        JdbcValues.setText(ps, 3, status == null ? null : status.code());
        JdbcValues.setText(ps, 4, status == null ? null : status.code());
    }

    private static InspectionSession map(ResultSet rs) throws SQLException {
        return new InspectionSession(rs.getObject("id", UUID.class), rs.getString("equipment_serial"), rs.getString("inspector_id"),
                status(rs, "status"), JdbcValues.instant(rs, "started_at"), JdbcValues.instant(rs, "paused_at"),
                JdbcValues.instant(rs, "resumed_at"), JdbcValues.instant(rs, "completed_at"), JdbcValues.instant(rs, "cancelled_at"),
                JdbcValues.instant(rs, "last_activity_at"), rs.getString("cancellation_reason"), rs.getString("result"));
    }

    /** A status column (NULL for an event's missing "from", the session's first move). */
    private static SessionStatus status(ResultSet rs, String column) throws SQLException {
        String code = rs.getString(column);
        return code == null ? null : CodedEnum.of(SessionStatus.class, code);
    }
}
