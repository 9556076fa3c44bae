package dev.integrity.chat.rest;

import dev.integrity.chat.ChatSession;
import dev.integrity.chat.SessionType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A session as clients see it. */
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
