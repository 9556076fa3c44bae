package dev.integrity.chat.rest;

import dev.integrity.chat.Conversation;

import java.time.Instant;
import java.util.UUID;

public record ConversationView(long id, UUID sessionId, Long userId, Instant conversationTime, String inputText,
                               String responseText) {

    public static ConversationView of(Conversation c) {
        return new ConversationView(c.id(), c.sessionId(), c.userId(), c.conversationTime(), c.inputText(), c.responseText());
    }
}
