package dev.integrity.chat.rest;

import dev.integrity.chat.ChatSession;
import dev.integrity.chat.SessionType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A session as clients see it. */
@Schema(example = """
        {"sessionId": "0f8e2c4a-6b1d-4f3e-a5c7-9d2b4e6f8a10", "userId": 1, "sessionType": "chat", "sessionStart": "2025-01-27T05:05:00.120455Z", "sessionEnd": null, "active": true, "metadata": {"channel": "kakao", "appVersion": "4.2.0"}, "ipAddress": "203.0.113.24", "userAgent": "KakaoTalk/10.4.5 (Android 14)", "lastActivityAt": "2025-01-27T05:09:40.771203Z", "firstConversationAt": "2025-01-27T05:05:03.501211Z", "lastConversationAt": "2025-01-27T05:08:58.009934Z"}""")
public record SessionView(UUID sessionId, @Schema(nullable = true) Long userId, SessionType sessionType, Instant sessionStart,
                          @Schema(nullable = true) Instant sessionEnd, boolean active,
                          @Schema(nullable = true) Map<String, Object> metadata, @Schema(nullable = true) String ipAddress,
                          @Schema(nullable = true) String userAgent, @Schema(nullable = true) Instant lastActivityAt,
                          @Schema(nullable = true) Instant firstConversationAt,
                          @Schema(nullable = true) Instant lastConversationAt) {

    public static SessionView of(ChatSession s) {
        return new SessionView(s.sessionId, s.userId, s.sessionType, s.sessionStart, s.sessionEnd, s.active, s.sessionMetadata,
                s.ipAddress, s.userAgent, s.lastActivityAt, s.firstConversationAt, s.lastConversationAt);
    }
}
