package dev.integrity.chat.rest;

import dev.integrity.chat.ChatSession;
import dev.integrity.chat.SessionType;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A session as clients see it. */
public record SessionView(UUID sessionId, Long userId, SessionType sessionType, Instant sessionStart, Instant sessionEnd,
                          boolean active, Map<String, Object> metadata, String ipAddress, String userAgent,
                          Instant lastActivityAt, Instant firstConversationAt, Instant lastConversationAt) {

    public static SessionView of(ChatSession s) {
        return new SessionView(s.sessionId, s.userId, s.sessionType, s.sessionStart, s.sessionEnd, s.active, s.sessionMetadata,
                s.ipAddress, s.userAgent, s.lastActivityAt, s.firstConversationAt, s.lastConversationAt);
    }
}
