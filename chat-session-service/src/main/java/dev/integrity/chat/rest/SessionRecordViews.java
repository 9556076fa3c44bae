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

    public record InteractionView(long id, UUID sessionId, @Schema(nullable = true) Long userId, String interactionType,
                                  @Schema(nullable = true) Map<String, Object> interactionData, Instant createdAt) {
        public static InteractionView of(UserInteraction i) {
            return new InteractionView(i.id, i.sessionId, i.userId, i.interactionType, i.interactionData, i.createdAt);
        }
    }

    public record RecommendationsView(long id, UUID sessionId, @Schema(nullable = true) Long userId,
                                      @Schema(nullable = true) Long shopId, List<Object> recommendations,
                                      int recommendationCount, Instant createdAt) {
        public static RecommendationsView of(RecommendationLog r) {
            return new RecommendationsView(r.id, r.sessionId, r.userId, r.shopId, r.recommendations, r.recommendationCount, r.createdAt);
        }
    }

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
