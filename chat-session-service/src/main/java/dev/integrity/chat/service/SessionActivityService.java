package dev.integrity.chat.service;

import dev.integrity.chat.ChatConfig;
import dev.integrity.chat.Conversation;
import dev.integrity.chat.RecommendationLog;
import dev.integrity.chat.UserFeedback;
import dev.integrity.chat.UserInteraction;
import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.chat.repository.SessionRepository;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import dev.integrity.platform.partition.PartitionedTable;
import dev.integrity.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything written inside a session: conversations, interactions, recommendations, feedback.
 * Each write marks its session active-and-used in session_master in the same transaction (one
 * UPDATE that also locks the row), so an unknown session is a 404 and an ended one a 409, never a
 * foreign-key 500, and a session cannot end halfway through a write. A chat user writes only into
 * their own sessions (another's is a 404); the chatbot's backend into anyone's.
 */
@ApplicationScoped
public class SessionActivityService {

    public static final PartitionedTable CONVERSATIONS = new PartitionedTable("chatbot.conversations", Granularity.MONTH);

    @Inject
    SessionRepository sessions;

    @Inject
    ConversationRepository conversations;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    ChatConfig config;

    @Inject
    ChatAccess access;

    /**
     * Stores a conversation at {@code at} (now if null), which must lie within the import window
     * back and the clock skew ahead, so no write reaches for a month outside them. Its month's
     * partition is made sure of first, in a transaction of its own, so a conversation never fails for want of one, whatever
     * month it belongs to; then one statement locks the session, widens the conversation span
     * session_master keeps, and inserts the row.
     */
    public Conversation addConversation(UUID sessionId, String input, String response, Instant at) {
        Instant now = Timestamps.now();
        Instant time = at == null ? now : at;
        Instant from = now.minus(config.importWindow()).truncatedTo(ChronoUnit.SECONDS);
        Instant to = now.plus(config.maxClockSkew()).truncatedTo(ChronoUnit.SECONDS);
        if (time.isBefore(from) || time.isAfter(to)) {
            throw ChatProblems.outsideWindow(from, to);
        }
        ChatAccess.Scope scope = access.writes();
        return partitions.withPartitions(CONVERSATIONS, List.of(time),
                () -> conversations.append(sessionId, time, input, response, scope.onlyUser())
                        .orElseThrow(() -> missing(sessionId, scope)));
    }

    @Transactional
    public UserInteraction addInteraction(UUID sessionId, String interactionType, Map<String, Object> data) {
        UserInteraction row = new UserInteraction();
        row.userId = activeUser(sessionId);
        row.sessionId = sessionId;
        row.interactionType = interactionType;
        row.interactionData = data;
        row.createdAt = Timestamps.now();
        row.persist();
        return row;
    }

    /** {@code recommendation_count} is the length of the list, never the client's word. */
    @Transactional
    public RecommendationLog addRecommendations(UUID sessionId, Long shopId, List<Object> recommendations) {
        RecommendationLog row = new RecommendationLog();
        row.userId = activeUser(sessionId);
        row.sessionId = sessionId;
        row.shopId = shopId;
        row.recommendations = recommendations;
        row.recommendationCount = recommendations.size();
        row.createdAt = Timestamps.now();
        row.persist();
        return row;
    }

    @Transactional
    public UserFeedback addFeedback(UUID sessionId, String feedbackType, String targetType, String targetId, Short rating,
                                    String comment) {
        UserFeedback row = new UserFeedback();
        row.userId = activeUser(sessionId);
        row.sessionId = sessionId;
        row.feedbackType = feedbackType;
        row.feedbackTargetType = targetType;
        row.feedbackTargetId = targetId;
        row.rating = rating;
        row.comment = comment;
        row.createdAt = Timestamps.now();
        row.persist();
        return row;
    }

    private Long activeUser(UUID sessionId) {
        ChatAccess.Scope scope = access.writes();
        return sessions.touch(sessionId, scope.onlyUser()).orElseThrow(() -> missing(sessionId, scope)).userId();
    }

    /** Why a write found no session to write to: none the caller may reach (404), or it has ended (409). */
    private RuntimeException missing(UUID sessionId, ChatAccess.Scope scope) {
        return sessions.state(sessionId).filter(state -> scope.covers(state.userId()))
                .<RuntimeException>map(state -> ChatProblems.sessionEnded(sessionId))
                .orElseGet(() -> ChatProblems.unknownSession(sessionId));
    }
}
