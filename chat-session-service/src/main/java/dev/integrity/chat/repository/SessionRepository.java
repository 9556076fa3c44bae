package dev.integrity.chat.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The session_master statements every session-scoped write runs first, in its transaction: one
 * UPDATE that proves the session is active, records the activity, and locks the row, so that the
 * session cannot end halfway through the write.
 */
@ApplicationScoped
public class SessionRepository {

    /** What a write needs from its session: the session's user, written alongside. */
    public record ActiveSession(Long userId) {
    }

    @Inject
    EntityManager em;

    /** Marks an active session as used now; empty if it is unknown or has ended. */
    public Optional<ActiveSession> touch(UUID sessionId) {
        List<?> rows = em.createNativeQuery("""
                        UPDATE chatbot.session_master SET last_activity_at = now()
                         WHERE session_id = ?1 AND is_active RETURNING user_id""")
                .setParameter(1, sessionId)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(new ActiveSession(asLong(rows.get(0))));
    }

    /** As {@link #touch}, and widens the session's conversation span to include {@code at}. */
    public Optional<ActiveSession> touchForConversation(UUID sessionId, Instant at) {
        List<?> rows = em.createNativeQuery("""
                        UPDATE chatbot.session_master
                           SET last_activity_at = now(),
                               first_conversation_at = LEAST(coalesce(first_conversation_at, ?2), ?2),
                               last_conversation_at = GREATEST(coalesce(last_conversation_at, ?2), ?2)
                         WHERE session_id = ?1 AND is_active RETURNING user_id""")
                .setParameter(1, sessionId)
                .setParameter(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(new ActiveSession(asLong(rows.get(0))));
    }

    /** Whether a session exists and is active: null when it does not exist. */
    public Boolean isActive(UUID sessionId) {
        List<?> rows = em.createNativeQuery("SELECT is_active FROM chatbot.session_master WHERE session_id = ?1")
                .setParameter(1, sessionId)
                .getResultList();
        return rows.isEmpty() ? null : (Boolean) rows.get(0);
    }

    private static Long asLong(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
