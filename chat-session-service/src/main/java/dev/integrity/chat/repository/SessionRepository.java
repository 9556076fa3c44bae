package dev.integrity.chat.repository;

import dev.integrity.chat.ChatSession;
import dev.integrity.platform.error.SqlStates;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
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
    private static final String STATE = "SELECT is_active, user_id FROM chatbot.session_master WHERE session_id = ?";

    /** Whether a session is active, and whose it is. */
    public record SessionState(boolean active, Long userId) {
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setLong(1, s.userId);
            ps.setString(2, s.sessionType);
            ps.setString(3, metadataJson);
            ps.setString(4, s.ipAddress);
            ps.setString(5, s.userAgent);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                s.sessionId = rs.getObject(1, UUID.class);
                s.sessionStart = rs.getObject(2, OffsetDateTime.class).toInstant();
                s.lastActivityAt = rs.getObject(3, OffsetDateTime.class).toInstant();
                s.active = true;
                return s;
            }
        } catch (SQLException e) {
            if (SqlStates.FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
                throw new UnknownUser();
            }
            throw new ChatStorageException(e);
        }
    }

    /**
     * Marks an active session as used now and locks it; empty if it is unknown, has ended, or is not
     * {@code onlyUser}'s (null: anyone's).
     */
    public Optional<ActiveSession> touch(UUID sessionId, Long onlyUser) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(TOUCH)) {
            ps.setObject(1, sessionId);
            setNullableLong(ps, 2, onlyUser);
            setNullableLong(ps, 3, onlyUser);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new ActiveSession(nullableLong(rs, 1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ChatStorageException(e);
        }
    }

    /** Whether a session is active and whose it is; empty when it does not exist. */
    public Optional<SessionState> state(UUID sessionId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STATE)) {
            ps.setObject(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new SessionState(rs.getBoolean(1), nullableLong(rs, 2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ChatStorageException(e);
        }
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A database failure on a chat hot path; the shared error contract maps it by its SQLSTATE. */
    public static final class ChatStorageException extends RuntimeException {
        public ChatStorageException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
