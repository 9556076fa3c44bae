package dev.integrity.chat.rest;

import dev.integrity.chat.SessionType;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** {@code POST /api/chat/sessions}. The client's IP and User-Agent are taken from the request. */
public record StartSession(@NotNull @Positive Long userId, @NotNull SessionType sessionType,
                           @Size(max = 50) Map<String, Object> metadata) {
}
