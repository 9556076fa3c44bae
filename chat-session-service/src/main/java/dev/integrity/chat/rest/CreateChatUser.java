package dev.integrity.chat.rest;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/chat/users}. */
public record CreateChatUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email) {
}
