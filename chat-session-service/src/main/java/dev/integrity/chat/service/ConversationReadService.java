package dev.integrity.chat.service;

import dev.integrity.chat.Conversation;
import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.chat.repository.SessionRepository;
import dev.integrity.platform.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reading conversations back: a session's history, and text search. */
@ApplicationScoped
public class ConversationReadService {

    @Inject
    ConversationRepository conversations;

    @Inject
    SessionRepository sessions;

    /**
     * A session's conversations in time order. The read is bounded by the first and last
     * conversation times session_master keeps, so it touches only the partitions that hold them,
     * imported history included. An empty page of an unknown session is a 404.
     */
    public Page<Conversation> history(UUID sessionId, int page, int size) {
        List<Conversation> items = conversations.history(sessionId, size, (long) page * size);
        if (items.isEmpty() && sessions.isActive(sessionId) == null) {
            throw ChatProblems.unknownSession(sessionId);
        }
        return new Page<>(items, page, size, null);
    }

    public List<Conversation> search(String fragment, Long userId, Instant from, Instant to, int page, int size) {
        return conversations.search(fragment, userId, from, to, size, (long) page * size);
    }
}
