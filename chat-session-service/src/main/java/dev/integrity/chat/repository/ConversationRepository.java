package dev.integrity.chat.repository;

import dev.integrity.chat.Conversation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * chatbot.conversations, partitioned by month. Every read names a time range, so PostgreSQL
 * touches only the partitions in it (seed 001 section 6.2: "Bad: no time condition, every
 * partition scanned").
 */
@ApplicationScoped
public class ConversationRepository {

    /** A session's history inside the span session_master keeps for it: one partition for a one-month session. */
    public static final String HISTORY = """
            SELECT id, session_id, user_id, conversation_time, input_text, response_text
              FROM chatbot.conversations
             WHERE session_id = ?1 AND conversation_time >= ?2 AND conversation_time <= ?3
             ORDER BY conversation_time, id
             LIMIT ?4 OFFSET ?5""";

    /** The seed's "Bad" query: the same read without the time bounds. Kept for the benchmark and the EXPLAIN test. */
    public static final String HISTORY_UNBOUNDED = """
            SELECT id, session_id, user_id, conversation_time, input_text, response_text
              FROM chatbot.conversations
             WHERE session_id = ?1
             ORDER BY conversation_time, id
             LIMIT ?2 OFFSET ?3""";

    private static final String TEXT = "(coalesce(input_text, '') || ' ' || coalesce(response_text, ''))";
    private static final String SEARCH = "SELECT id, session_id, user_id, conversation_time, input_text, response_text "
            + "FROM chatbot.conversations WHERE " + TEXT + " ILIKE ?1 ESCAPE '\\' "
            + "AND conversation_time >= ?2 AND conversation_time < ?3 ";
    private static final String SEARCH_ALL = SEARCH + "ORDER BY conversation_time DESC, id DESC LIMIT ?4 OFFSET ?5";
    private static final String SEARCH_USER = SEARCH + "AND user_id = ?6 ORDER BY conversation_time DESC, id DESC LIMIT ?4 OFFSET ?5";

    @Inject
    EntityManager em;

    /** Stores one conversation; the caller has locked and touched its session in the same transaction. */
    public long insert(UUID sessionId, Long userId, Instant at, String input, String response) {
        Object id = em.createNativeQuery("""
                        INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
                        VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id""")
                .setParameter(1, sessionId)
                .setParameter(2, userId)
                .setParameter(3, utc(at))
                .setParameter(4, input)
                .setParameter(5, response)
                .getSingleResult();
        return ((Number) id).longValue();
    }

    public List<Conversation> history(UUID sessionId, Instant first, Instant last, int limit, long offset) {
        return map(em.createNativeQuery(HISTORY)
                .setParameter(1, sessionId)
                .setParameter(2, utc(first))
                .setParameter(3, utc(last))
                .setParameter(4, limit)
                .setParameter(5, offset)
                .getResultList());
    }

    /**
     * Conversations whose text contains {@code fragment} (case-insensitive), newest first, through
     * the trigram index.
     */
    public List<Conversation> search(String fragment, Long userId, Instant from, Instant to, int limit, long offset) {
        var query = em.createNativeQuery(userId == null ? SEARCH_ALL : SEARCH_USER)
                .setParameter(1, "%" + fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .setParameter(2, utc(from))
                .setParameter(3, utc(to))
                .setParameter(4, limit)
                .setParameter(5, offset);
        if (userId != null) {
            query.setParameter(6, userId);
        }
        return map(query.getResultList());
    }

    private static List<Conversation> map(List<?> rows) {
        List<Conversation> out = new ArrayList<>(rows.size());
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            out.add(new Conversation(((Number) r[0]).longValue(), (UUID) r[1], r[2] == null ? null : ((Number) r[2]).longValue(),
                    instant(r[3]), (String) r[4], (String) r[5]));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
