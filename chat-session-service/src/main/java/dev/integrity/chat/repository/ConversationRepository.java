package dev.integrity.chat.repository;

import dev.integrity.chat.Conversation;
import dev.integrity.platform.sql.JdbcValues;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * chatbot.conversations, partitioned by month. Every read names a time range, so PostgreSQL
 * touches only the partitions in it (seed 001 section 6.2: "Bad: no time condition, every
 * partition scanned"). Each operation is one statement and one round trip.
 */
@ApplicationScoped
public class ConversationRepository {

    private static final String COLUMNS = "c.id, c.session_id, c.user_id, c.conversation_time, c.input_text, c.response_text";

    /**
     * Appends a conversation to an active session, atomically in one statement: the session is
     * locked, its activity and conversation span are updated, and the row is inserted only if the
     * session was active (and, when only_user is set, that user's). No row back means the session is
     * unknown, has ended, or is another user's.
     */
    private static final String APPEND = """
            WITH v (session_id, at, input_text, response_text, only_user) AS (
                VALUES (?::uuid, ?::timestamptz, ?::text, ?::text, ?::bigint)),
            s AS (
                UPDATE chatbot.session_master m
                   SET last_activity_at = now(),
                       first_conversation_at = LEAST(coalesce(m.first_conversation_at, v.at), v.at),
                       last_conversation_at = GREATEST(coalesce(m.last_conversation_at, v.at), v.at)
                  FROM v
                 WHERE m.session_id = v.session_id AND m.is_active AND (v.only_user IS NULL OR m.user_id = v.only_user)
             RETURNING m.user_id)
            INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
            SELECT v.session_id, s.user_id, v.at, v.input_text, v.response_text FROM v, s
            RETURNING id, user_id""";

    /**
     * A session's history, bounded by the first and last conversation times session_master keeps,
     * given as values. PostgreSQL then prunes while planning: the plan holds only the partitions
     * that hold the session, however many months there are. (Bounds read by subqueries in the same
     * statement prune only at run time, after every partition was planned and its scan set up:
     * 6 ms a read at 120 monthly partitions against 0.7 at 12, docs/benchmarks.md.)
     */
    public static final String HISTORY = "SELECT " + COLUMNS + """
             FROM chatbot.conversations c
            WHERE c.session_id = ?
              AND c.conversation_time >= ? AND c.conversation_time <= ?
            ORDER BY c.conversation_time, c.id
            LIMIT ? OFFSET ?""";

    /** The seed's "Bad" query: the same read without the time bounds. Kept for the benchmark and the EXPLAIN test. */
    public static final String HISTORY_UNBOUNDED = "SELECT " + COLUMNS + """
             FROM chatbot.conversations c
            WHERE c.session_id = ?
            ORDER BY c.conversation_time, c.id
            LIMIT ? OFFSET ?""";

    /**
     * Text search, through chatbot.search_conversations: the caller's rule applied inside it, as the
     * schema's owner, so the trigram index serves the ILIKE (row-level security would keep it from
     * the index; see the migration V3).
     */
    private static final String SEARCH = "SELECT id, session_id, user_id, conversation_time, input_text, response_text "
            + "FROM chatbot.search_conversations(?, ?, ?, ?, ?, ?)";

    @Inject
    AgroalDataSource dataSource;

    /**
     * Appends to an active session; empty if the session is unknown, has ended, or is not
     * {@code onlyUser}'s (null: anyone's). Nothing is written then.
     */
    public Optional<Conversation> append(UUID sessionId, Instant at, String input, String response, Long onlyUser) {
        return NativeSql.one(dataSource, APPEND, ps -> {
            ps.setObject(1, sessionId);
            JdbcValues.setInstant(ps, 2, at);
            ps.setString(3, input);
            ps.setString(4, response);
            JdbcValues.setLong(ps, 5, onlyUser);
        }, rs -> new Conversation(rs.getLong(1), sessionId, JdbcValues.nullableLong(rs, 2), at, input, response));
    }

    /** The session's conversations between {@code first} and {@code last} (its span, from session_master), in time order. */
    public List<Conversation> history(UUID sessionId, Instant first, Instant last, int limit, long offset) {
        return NativeSql.list(dataSource, HISTORY, ps -> {
            ps.setObject(1, sessionId);
            JdbcValues.setInstant(ps, 2, first);
            JdbcValues.setInstant(ps, 3, last);
            ps.setInt(4, limit);
            ps.setLong(5, offset);
        }, ConversationRepository::conversation);
    }

    /** Conversations whose text contains {@code fragment} (case-insensitive), newest first, through the trigram index. */
    public List<Conversation> search(String fragment, Long userId, Instant from, Instant to, int limit, long offset) {
        return NativeSql.list(dataSource, SEARCH, ps -> {
            ps.setString(1, "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            JdbcValues.setLong(ps, 2, userId);
            JdbcValues.setInstant(ps, 3, from);
            JdbcValues.setInstant(ps, 4, to);
            ps.setInt(5, limit);
            ps.setLong(6, offset);
        }, ConversationRepository::conversation);
    }

    private static Conversation conversation(ResultSet rs) throws SQLException {
        return new Conversation(rs.getLong(1), rs.getObject(2, UUID.class), JdbcValues.nullableLong(rs, 3),
                JdbcValues.instant(rs, 4), rs.getString(5), rs.getString(6));
    }
}
