package dev.integrity.chat.rest;

import dev.integrity.platform.rest.Patterns;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/chat/users}. {@code subject} links the user to a signed-in person: the {@code sub}
 * of their tokens, so that with {@code chat-user} they reach their own sessions.
 */
@Schema(example = """
        {"name": "김지우", "email": "jiwoo.kim@example.com", "subject": "3f2a9c1e-7b4d-4e0a-9d6f-2c8b1a5e4f70"}""")
public record CreateChatUser(@NotBlank @Size(max = 200) String name, @Email @Size(max = 320) String email,
                             @Size(min = 1, max = 255) @Pattern(regexp = Patterns.NO_CONTROL_CHARACTERS, message = "must not hold control characters") String subject) {
}
