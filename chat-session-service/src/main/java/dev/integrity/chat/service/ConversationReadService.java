package dev.integrity.chat.service;

import dev.integrity.chat.Conversation;
import dev.integrity.chat.RecommendationLog;
import dev.integrity.chat.UserFeedback;
import dev.integrity.chat.UserInteraction;
import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.chat.repository.SessionRepository;
import dev.integrity.platform.paging.Page;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reading a session's records back: its history, interactions, recommendations and feedback; and text search. */
@ApplicationScoped
public class ConversationReadService {

    private static final String BY_SESSION = "sessionId = ?1 ORDER BY id";

    @Inject
    ConversationRepository conversations;

    @Inject
    SessionRepository sessions;

    @Inject
    ChatAccess access;

    /**
     * A session's conversations in time order. The session is read first (an unknown session is a
     * 404, and so is another user's for a chat user); its history is then read within the first and
     * last conversation times session_master keeps, given as values, so PostgreSQL plans only the
     * partitions that hold them, imported history included, however many months there are.
     */
    public Page<Conversation> history(UUID sessionId, int page, int size) {
        ChatAccess.Scope scope = access.reads();
        SessionRepository.SessionState session = sessions.state(sessionId).filter(state -> scope.covers(state.userId()))
                .orElseThrow(() -> ChatProblems.unknownSession(sessionId));
        List<Conversation> items = session.firstConversationAt() == null ? List.of()
                : conversations.history(sessionId, session.firstConversationAt(), session.lastConversationAt(), size, (long) page * size);
        return new Page<>(items, page, size, null);
    }

    /** The session's interactions, oldest first; an unknown session, or another user's for a chat user, is a 404. */
    public Page<UserInteraction> interactions(UUID sessionId, int page, int size) {
        return ofSession(sessionId, UserInteraction.find(BY_SESSION, sessionId), page, size);
    }

    /** The session's logged recommendations, oldest first; 404 as {@link #interactions}. */
    public Page<RecommendationLog> recommendations(UUID sessionId, int page, int size) {
        return ofSession(sessionId, RecommendationLog.find(BY_SESSION, sessionId), page, size);
    }

    /** The session's feedback, oldest first; 404 as {@link #interactions}. */
    public Page<UserFeedback> feedback(UUID sessionId, int page, int size) {
        return ofSession(sessionId, UserFeedback.find(BY_SESSION, sessionId), page, size);
    }

    /** Conversations containing {@code fragment}: anyone's for an analyst; a chat user's own, naming another user a 403. */
    public List<Conversation> search(String fragment, Long requestedUserId, Instant from, Instant to, int page, int size) {
        ChatAccess.Scope scope = access.reads();
        if (!scope.mayName(requestedUserId)) {
            throw ChatProblems.notYourUser(requestedUserId);
        }
        if (!scope.everyone() && scope.userId() == null) {
            return List.of();
        }
        Long userId = scope.everyone() ? requestedUserId : scope.userId();
        return conversations.search(fragment, userId, from, to, size, (long) page * size);
    }

    /** One page of a session's records, once the caller may read the session (the query runs only then). */
    private <T> Page<T> ofSession(UUID sessionId, PanacheQuery<T> records, int page, int size) {
        ChatAccess.Scope scope = access.reads();
        if (sessions.state(sessionId).filter(state -> scope.covers(state.userId())).isEmpty()) {
            throw ChatProblems.unknownSession(sessionId);
        }
        return new Page<>(records.page(page, size).list(), page, size, null);
    }
}
