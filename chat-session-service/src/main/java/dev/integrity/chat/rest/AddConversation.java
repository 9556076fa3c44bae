package dev.integrity.chat.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;

/**
 * {@code POST /api/chat/sessions/{id}/conversations}. {@code conversationTime} defaults to now; it
 * may lie in the past (imported history) as far as chat.import-window, and at most
 * chat.max-clock-skew in the future.
 */
public record AddConversation(@NotNull @Size(max = 20_000) String inputText, @Size(max = 20_000) String responseText,
                              OffsetDateTime conversationTime) {
}
