package dev.integrity.chat.rest;

import dev.integrity.chat.Conversation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(example = """
        {"id": 1207, "sessionId": "0f8e2c4a-6b1d-4f3e-a5c7-9d2b4e6f8a10", "userId": 1, "conversationTime": "2025-01-27T05:05:03.501211Z", "inputText": "강남역 근처 네일샵 추천해 줘", "responseText": "강남역 11번 출구 근처에 평점 4.8의 네일샵이 있어요."}""")
public record ConversationView(long id, UUID sessionId, @Schema(nullable = true) Long userId, Instant conversationTime,
                               String inputText, @Schema(nullable = true) String responseText) {

    public static ConversationView of(Conversation c) {
        return new ConversationView(c.id(), c.sessionId(), c.userId(), c.conversationTime(), c.inputText(), c.responseText());
    }
}
