package dev.integrity.chat.rest;

import dev.integrity.platform.rest.Patterns;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/chat/users}. {@code subject} links the user to a signed-in person: the {@code sub}
 * of their tokens, so that with {@code chat-user} they reach their own sessions.
 */
public record CreateChatUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
                             @Size(min = 1, max = 255) @Pattern(regexp = Patterns.NO_CONTROL_CHARACTERS, message = "must not hold control characters") String subject) {
}
