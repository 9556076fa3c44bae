package dev.integrity.chat.rest;

import dev.integrity.chat.Conversation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

public record ConversationView(long id, UUID sessionId, @Schema(nullable = true) Long userId, Instant conversationTime,
                               String inputText, @Schema(nullable = true) String responseText) {

    public static ConversationView of(Conversation c) {
        return new ConversationView(c.id(), c.sessionId(), c.userId(), c.conversationTime(), c.inputText(), c.responseText());
    }
}
