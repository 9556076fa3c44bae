package dev.integrity.chat.repository;

import dev.integrity.chat.ChatSession;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * session_master statements on the hot paths, one round trip each. A statement on its own is its
 * own transaction; inside a caller's transaction, it joins it.
 */
@ApplicationScoped
public class SessionRepository {

    /** What a write needs from its session: the session's user, written alongside. */
    public record ActiveSession(Long userId) {
    }

    /** Thrown when session_master's foreign key refuses the user. */
    public static final class UnknownUser extends RuntimeException {
        public UnknownUser() {
            super(null, null, false, false);
        }
    }

    private static final String INSERT = """
            INSERT INTO chatbot.session_master (user_id, session_type, session_metadata, ip_address, user_agent)
            VALUES (?, ?, ?::jsonb, ?::inet, ?)
            RETURNING session_id, session_start, last_activity_at""";
    /** The second parameter limits it to one user's sessions (null: any user's). */
    private static final String TOUCH = """
            UPDATE chatbot.session_master SET last_activity_at = now()
             WHERE session_id = ? AND is_active AND (?::bigint IS NULL OR user_id = ?) RETURNING user_id""";
    private static final String STATE = "SELECT is_active, user_id, first_conversation_at, last_conversation_at "
            + "FROM chatbot.session_master WHERE session_id = ?";

    /**
     * Whether a session is active, whose it is, and the times of its first and last conversation
     * (null while it has none): the bounds its history is read within.
     */
    public record SessionState(boolean active, Long userId, Instant firstConversationAt, Instant lastConversationAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Starts a session: one INSERT, one round trip, one transaction. session_master's foreign key
     * decides whether the user exists.
     *
     * @throws UnknownUser if no user has that id
     */
    public ChatSession insert(ChatSession s, String metadataJson) {
        return NativeSql.one(dataSource, INSERT, ps -> {
            ps.setLong(1, s.userId);
            ps.setString(2, s.sessionType.code());
            ps.setString(3, metadataJson);
            ps.setString(4, s.ipAddress);
            ps.setString(5, s.userAgent);
        }, rs -> {
            s.sessionId = rs.getObject(1, UUID.class);
            s.sessionStart = JdbcValues.instant(rs, 2);
            s.lastActivityAt = JdbcValues.instant(rs, 3);
            s.active = true;
            return s;
        }, e -> SqlStates.FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) ? new UnknownUser() : null).orElseThrow();
    }

    /**
     * Marks an active session as used now and locks it; empty if it is unknown, has ended, or is not
     * {@code onlyUser}'s (null: anyone's).
     */
    public Optional<ActiveSession> touch(UUID sessionId, Long onlyUser) {
        return NativeSql.one(dataSource, TOUCH, ps -> {
            ps.setObject(1, sessionId);
            JdbcValues.setLong(ps, 2, onlyUser);
            JdbcValues.setLong(ps, 3, onlyUser);
        }, rs -> new ActiveSession(JdbcValues.nullableLong(rs, 1)));
    }

    /** Whether a session is active and whose it is; empty when it does not exist. */
    public Optional<SessionState> state(UUID sessionId) {
        return NativeSql.one(dataSource, STATE, ps -> ps.setObject(1, sessionId),
                rs -> new SessionState(rs.getBoolean(1), JdbcValues.nullableLong(rs, 2), JdbcValues.instant(rs, 3), JdbcValues.instant(rs, 4)));
    }
}
