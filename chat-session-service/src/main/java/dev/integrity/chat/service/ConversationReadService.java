package dev.integrity.chat.service;

import dev.integrity.chat.ChatSession;
import dev.integrity.chat.Conversation;
import dev.integrity.chat.repository.ConversationRepository;
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

    /**
     * A session's conversations in time order. The read is bounded by the first and last
     * conversation times session_master keeps, so it touches only the partitions that hold them,
     * imported history included.
     */
    public Page<Conversation> history(UUID sessionId, int page, int size) {
        ChatSession session = ChatSession.findById(sessionId);
        if (session == null) {
            throw ChatProblems.unknownSession(sessionId);
        }
        if (session.firstConversationAt == null) {
            return new Page<>(List.of(), page, size, 0L);
        }
        List<Conversation> items = conversations.history(sessionId, session.firstConversationAt, session.lastConversationAt,
                size, (long) page * size);
        return new Page<>(items, page, size, null);
    }

    public List<Conversation> search(String fragment, Long userId, Instant from, Instant to, int page, int size) {
        return conversations.search(fragment, userId, from, to, size, (long) page * size);
    }
}
