package dev.integrity.matching.service;

import dev.integrity.matching.CoverLetter;
import dev.integrity.matching.InteractionAction;
import dev.integrity.matching.ScoredPosting;
import dev.integrity.matching.UserInteraction;
import dev.integrity.matching.repository.RecommendationRepository;
import dev.integrity.platform.error.SqlStates;
import dev.integrity.platform.time.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/** Recommendations for cover letters, and what users do with them. */
@ApplicationScoped
public class RecommendationService {

    public static final int DEFAULT_K = 10;

    @Inject
    RecommendationRepository recommendations;

    /** Computes and stores the top k postings for a live cover letter. */
    @Transactional
    public List<ScoredPosting> recommend(long coverLetterId, int k) {
        requireLiveCoverLetter(coverLetterId);
        return recommendations.recommend(coverLetterId, k);
    }

    /** The stored recommendations of a live cover letter; a merged or deleted one is a 404, as the letter itself. */
    public List<ScoredPosting> list(long coverLetterId) {
        requireLiveCoverLetter(coverLetterId);
        return recommendations.list(coverLetterId);
    }

    /** Records an interaction; an unknown recommendation is refused by the foreign key, as a 404. */
    @Transactional
    public UserInteraction recordInteraction(long recommendationId, long userId, InteractionAction action) {
        UserInteraction interaction = new UserInteraction();
        interaction.recommendationId = recommendationId;
        interaction.userId = userId;
        interaction.action = action;
        interaction.createdAt = Timestamps.now();
        try {
            interaction.persistAndFlush();
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw MatchingProblems.notFound("recommendation", recommendationId);
            }
            throw e;
        }
        return interaction;
    }

    /** A recommendation's interactions, oldest first; an unknown recommendation is a 404. */
    public List<UserInteraction> interactions(long recommendationId) {
        if (recommendations.find(recommendationId).isEmpty()) {
            throw MatchingProblems.notFound("recommendation", recommendationId);
        }
        return UserInteraction.of(recommendationId);
    }

    private static void requireLiveCoverLetter(long id) {
        CoverLetter c = CoverLetter.findById(id);
        if (c == null || c.deletedAt != null) {
            throw MatchingProblems.notFound("cover letter", id);
        }
    }
}
