package dev.integrity.chat.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.chat.ChatSession;
import dev.integrity.chat.SessionType;
import dev.integrity.chat.repository.SessionRepository;
import dev.integrity.platform.paging.Page;
import dev.integrity.platform.time.Timestamps;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

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

    @Inject
    ChatAccess access;

    @Inject
    SessionMetrics metrics;

    /**
     * Starts a session: one INSERT, its own transaction. The chatbot's backend names the user it
     * acts for; a signed-in user starts their own (provisioned on their first request), and naming
     * another is a 403. An unknown user is refused by session_master's foreign key (no extra lookup
     * on this hot path), and its 23503 becomes the 404.
     */
    public ChatSession start(Long requestedUserId, SessionType type, Map<String, Object> metadata, String ipAddress,
                             String userAgent) {
        long userId;
        if (access.actsForAnyUser()) {
            if (requestedUserId == null) {
                throw ChatProblems.userRequired();
            }
            userId = requestedUserId;
        } else {
            userId = access.me().id;
            if (requestedUserId != null && requestedUserId != userId) {
                throw ChatProblems.notYourUser(requestedUserId);
            }
        }
        ChatSession session = new ChatSession();
        session.userId = userId;
        session.sessionType = type;
        session.sessionMetadata = metadata;
        session.ipAddress = ipAddress;
        session.userAgent = userAgent;
        try {
            ChatSession started = repository.insert(session, metadata == null ? null : json.writeValueAsString(metadata));
            metrics.started();
            return started;
        } catch (SessionRepository.UnknownUser e) {
            throw ChatProblems.unknownUser(userId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata read from JSON could not be written back", e);
        }
    }

    /** A session the caller may read; another user's is a 404. */
    public ChatSession get(UUID sessionId) {
        ChatSession session = ChatSession.findById(sessionId);
        if (session == null || !access.reads().covers(session.userId)) {
            throw ChatProblems.unknownSession(sessionId);
        }
        return session;
    }

    /** Sessions the caller may read; a chat user lists only their own, and naming another user is a 403. */
    public Page<ChatSession> list(Long requestedUserId, Boolean active, int page, int size) {
        ChatAccess.Scope scope = access.reads();
        if (!scope.mayName(requestedUserId)) {
            throw ChatProblems.notYourUser(requestedUserId);
        }
        if (!scope.everyone() && scope.userId() == null) {
            return new Page<>(List.of(), page, size, 0L);
        }
        Long userId = scope.everyone() ? requestedUserId : scope.userId();
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
        if (session == null || !access.writes().covers(session.userId)) {
            throw ChatProblems.unknownSession(sessionId);
        }
        if (session.active) {
            session.active = false;
            session.sessionEnd = Timestamps.now();
            metrics.endedByUser();
        }
        return session;
    }

    /**
     * Deletes one of the caller's own sessions; its conversations, interactions, recommendations and
     * feedback go with it, by cascade. Another user's session is a 404.
     */
    @Transactional
    public void delete(UUID sessionId) {
        Long own = access.ownUserId().orElseThrow(() -> ChatProblems.unknownSession(sessionId));
        if (ChatSession.delete("sessionId = ?1 and userId = ?2", sessionId, own) == 0) {
            throw ChatProblems.unknownSession(sessionId);
        }
        metrics.deletedByUser();
    }
}
