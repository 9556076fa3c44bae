package dev.integrity.chat.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/chat/sessions/{id}/recommendations}. There is no count to send: the stored
 * {@code recommendationCount} is the length of {@code recommendations}.
 */
@Schema(example = """
        {"shopId": 1042, "recommendations": [{"shopId": 1042, "score": 0.93}, {"shopId": 877, "score": 0.88}]}""")
public record AddRecommendations(@PositiveOrZero Long shopId, @NotNull @Size(max = 1000) List<Object> recommendations) {
}
