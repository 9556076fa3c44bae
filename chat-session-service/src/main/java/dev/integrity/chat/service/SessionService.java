package dev.integrity.chat.service;

import dev.integrity.chat.ChatSession;
import dev.integrity.chat.SessionType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.chat.repository.SessionRepository;
import dev.integrity.platform.paging.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The session lifecycle. Replaces the seed's SQL functions start_session() and end_session(): the
 * rules live here, in one transaction each, with the constraints of session_master deciding races.
 */
@ApplicationScoped
public class SessionService {

    @Inject
    SessionRepository repository;

    @Inject
    ObjectMapper json;

    /**
     * Starts a session: one INSERT, its own transaction. An unknown user is refused by
     * session_master's foreign key (no extra lookup on this hot path), and its 23503 becomes the 404.
     */
    public ChatSession start(long userId, SessionType type, Map<String, Object> metadata, String ipAddress, String userAgent) {
        ChatSession session = new ChatSession();
        session.userId = userId;
        session.sessionType = type.dbValue();
        session.sessionMetadata = metadata;
        session.ipAddress = ipAddress;
        session.userAgent = userAgent;
        try {
            return repository.insert(session, metadata == null ? null : json.writeValueAsString(metadata));
        } catch (SessionRepository.UnknownUser e) {
            throw ChatProblems.unknownUser(userId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata read from JSON could not be written back", e);
        }
    }

    /** PostgreSQL keeps microseconds; so do answers given before a row is read back. */
    static Instant now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    public ChatSession get(UUID sessionId) {
        ChatSession session = ChatSession.findById(sessionId);
        if (session == null) {
            throw ChatProblems.unknownSession(sessionId);
        }
        return session;
    }

    public Page<ChatSession> list(Long userId, Boolean active, int page, int size) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (userId != null) {
            where.add("userId = :userId");
            params.and("userId", userId);
        }
        if (active != null) {
            where.add("active = :active");
            params.and("active", active);
        }
        PanacheQuery<ChatSession> query = ChatSession.find(String.join(" and ", where), Sort.descending("sessionStart"), params);
        return new Page<>(query.page(page, size).list(), page, size, query.count());
    }

    /** Ends a session; ending an ended session changes nothing and answers the same. */
    @Transactional
    public ChatSession end(UUID sessionId) {
        ChatSession session = ChatSession.findById(sessionId, LockModeType.PESSIMISTIC_WRITE);
        if (session == null) {
            throw ChatProblems.unknownSession(sessionId);
        }
        if (session.active) {
            session.active = false;
            session.sessionEnd = now();
        }
        return session;
    }

    /** Deletes a session; its conversations, interactions, recommendations and feedback go with it, by cascade. */
    @Transactional
    public void delete(UUID sessionId) {
        if (ChatSession.delete("sessionId", sessionId) == 0) {
            throw ChatProblems.unknownSession(sessionId);
        }
    }
}
