package dev.integrity.chat.rest;

import dev.integrity.chat.ChatUser;

import java.time.Instant;

public record ChatUserView(long id, String name, String email, Instant createdAt) {

    public static ChatUserView of(ChatUser u) {
        return new ChatUserView(u.id, u.name, u.email, u.createdAt);
    }
}
