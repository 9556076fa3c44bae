package dev.integrity.chat.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code POST /api/chat/sessions/{id}/recommendations}. There is no count to send: the stored
 * {@code recommendationCount} is the length of {@code recommendations}.
 */
public record AddRecommendations(@PositiveOrZero Long shopId, @NotNull @Size(max = 1000) List<Object> recommendations) {
}
