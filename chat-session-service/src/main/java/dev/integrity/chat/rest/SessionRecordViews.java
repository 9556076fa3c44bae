package dev.integrity.chat.rest;

import dev.integrity.chat.RecommendationLog;
import dev.integrity.chat.UserFeedback;
import dev.integrity.chat.UserInteraction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the session-scoped creates answer. */
public final class SessionRecordViews {

    private SessionRecordViews() {
    }

    @Schema(example = """
            {"id": 31, "sessionId": "0f8e2c4a-6b1d-4f3e-a5c7-9d2b4e6f8a10", "userId": 1, "interactionType": "button_click", "interactionData": {"button": "show_more", "page": 2}, "createdAt": "2025-01-27T05:06:12.402117Z"}""")
    public record InteractionView(long id, UUID sessionId, @Schema(nullable = true) Long userId, String interactionType,
                                  @Schema(nullable = true) Map<String, Object> interactionData, Instant createdAt) {
        public static InteractionView of(UserInteraction i) {
            return new InteractionView(i.id, i.sessionId, i.userId, i.interactionType, i.interactionData, i.createdAt);
        }
    }

    @Schema(example = """
            {"id": 12, "sessionId": "0f8e2c4a-6b1d-4f3e-a5c7-9d2b4e6f8a10", "userId": 1, "shopId": 1042, "recommendations": [{"shopId": 1042, "score": 0.93}, {"shopId": 877, "score": 0.88}], "recommendationCount": 2, "createdAt": "2025-01-27T05:06:13.118052Z"}""")
    public record RecommendationsView(long id, UUID sessionId, @Schema(nullable = true) Long userId,
                                      @Schema(nullable = true) Long shopId, List<Object> recommendations,
                                      int recommendationCount, Instant createdAt) {
        public static RecommendationsView of(RecommendationLog r) {
            return new RecommendationsView(r.id, r.sessionId, r.userId, r.shopId, r.recommendations, r.recommendationCount, r.createdAt);
        }
    }

    @Schema(example = """
            {"id": 5, "sessionId": "0f8e2c4a-6b1d-4f3e-a5c7-9d2b4e6f8a10", "userId": 1, "feedbackType": "rating", "feedbackTargetType": "recommendation", "feedbackTargetId": "1042", "rating": 5, "comment": "추천해 준 가게가 마음에 들어요", "createdAt": "2025-01-27T05:09:40.771203Z"}""")
    public record FeedbackView(long id, UUID sessionId, @Schema(nullable = true) Long userId, String feedbackType,
                               @Schema(nullable = true) String feedbackTargetType,
                               @Schema(nullable = true) String feedbackTargetId, @Schema(nullable = true) Short rating,
                               @Schema(nullable = true) String comment, Instant createdAt) {
        public static FeedbackView of(UserFeedback f) {
            return new FeedbackView(f.id, f.sessionId, f.userId, f.feedbackType, f.feedbackTargetType, f.feedbackTargetId,
                    f.rating, f.comment, f.createdAt);
        }
    }
}
