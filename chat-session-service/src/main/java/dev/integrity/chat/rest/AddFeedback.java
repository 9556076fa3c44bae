package dev.integrity.chat.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/chat/sessions/{id}/feedback}. */
@Schema(example = """
        {"feedbackType": "rating", "feedbackTargetType": "recommendation", "feedbackTargetId": "1042", "rating": 5, "comment": "추천해 준 가게가 마음에 들어요"}""")
public record AddFeedback(@NotBlank @Size(max = 50) String feedbackType, @Size(max = 50) String feedbackTargetType,
                          @Size(max = 100) String feedbackTargetId, @Min(1) @Max(5) Short rating,
                          @Size(max = 4000) String comment) {
}
