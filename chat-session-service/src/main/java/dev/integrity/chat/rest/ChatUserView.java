package dev.integrity.chat.rest;

import dev.integrity.chat.ChatUser;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A chat user as clients see it. */
@Schema(example = """
        {"id": 1, "name": "김지우", "email": "jiwoo.kim@example.com", "subject": "3f2a9c1e-7b4d-4e0a-9d6f-2c8b1a5e4f70", "createdAt": "2025-01-20T08:00:00.000000Z"}""")
public record ChatUserView(long id, String name, @Schema(nullable = true) String email, @Schema(nullable = true) String subject,
                           Instant createdAt) {

    public static ChatUserView of(ChatUser u) {
        return new ChatUserView(u.id, u.name, u.email, u.subject, u.createdAt);
    }
}
