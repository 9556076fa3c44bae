package dev.integrity.chat.rest;

import dev.integrity.chat.ChatUser;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A chat user as clients see it. */
public record ChatUserView(long id, String name, @Schema(nullable = true) String email, @Schema(nullable = true) String subject,
                           Instant createdAt) {

    public static ChatUserView of(ChatUser u) {
        return new ChatUserView(u.id, u.name, u.email, u.subject, u.createdAt);
    }
}
