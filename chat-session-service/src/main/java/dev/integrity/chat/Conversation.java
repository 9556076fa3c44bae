package dev.integrity.chat;

import java.time.Instant;
import java.util.UUID;

/** One exchange of a session, as stored in the monthly-partitioned chatbot.conversations. */
public record Conversation(long id, UUID sessionId, Long userId, Instant conversationTime, String inputText, String responseText) {
}
