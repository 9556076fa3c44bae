package dev.integrity.chat.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

/**
 * {@code POST /api/chat/sessions/{id}/conversations}. {@code conversationTime} defaults to now; it
 * may lie in the past (imported history) as far as chat.import-window, and at most
 * chat.max-clock-skew in the future.
 */
@Schema(example = """
        {"inputText": "강남역 근처 네일샵 추천해 줘", "responseText": "강남역 11번 출구 근처에 평점 4.8의 네일샵이 있어요.", "conversationTime": "2025-01-27T14:05:00+09:00"}""")
public record AddConversation(@NotNull @Size(max = 20_000) String inputText, @Size(max = 20_000) String responseText,
                              OffsetDateTime conversationTime) {
}
