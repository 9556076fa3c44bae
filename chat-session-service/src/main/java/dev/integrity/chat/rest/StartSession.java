package dev.integrity.chat.rest;

import dev.integrity.chat.SessionType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * {@code POST /api/chat/sessions}. The client's IP and User-Agent are taken from the request.
 * {@code userId} names the user the chatbot's backend acts for; a signed-in user starts their own
 * sessions and may leave it out (naming another user is a 403).
 */
@Schema(example = """
        {"userId": 1, "sessionType": "chat", "metadata": {"channel": "kakao", "appVersion": "4.2.0"}}""")
public record StartSession(@Positive Long userId, @NotNull SessionType sessionType,
                           @Size(max = 50) Map<String, Object> metadata) {
}
