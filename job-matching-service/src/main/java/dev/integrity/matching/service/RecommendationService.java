package dev.integrity.matching.service;

import dev.integrity.matching.CoverLetter;
import dev.integrity.matching.ScoredPosting;
import dev.integrity.matching.repository.RecommendationRepository;
import dev.integrity.platform.error.SqlStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Recommendations for cover letters, and what users do with them. */
@ApplicationScoped
public class RecommendationService {

    public static final int DEFAULT_K = 10;

    @Inject
    RecommendationRepository recommendations;

    @Inject
    EntityManager em;

    /** Computes and stores the top k postings for a live cover letter. */
    @Transactional
    public List<ScoredPosting> recommend(long coverLetterId, int k) {
        requireLiveCoverLetter(coverLetterId);
        return recommendations.recommend(coverLetterId, k);
    }

    public List<ScoredPosting> list(long coverLetterId) {
        CoverLetter c = CoverLetter.findById(coverLetterId);
        if (c == null) {
            throw MatchingProblems.notFound("cover letter", coverLetterId);
        }
        return recommendations.list(coverLetterId);
    }

    /** Records an interaction; an unknown recommendation is refused by the foreign key, as a 404. */
    @Transactional
    public long recordInteraction(long recommendationId, long userId, String action) {
        try {
            Object id = em.createNativeQuery("""
                            INSERT INTO mlops.user_interactions (user_id, recommendation_id, action) VALUES (?1, ?2, ?3) RETURNING id""")
                    .setParameter(1, userId)
                    .setParameter(2, recommendationId)
                    .setParameter(3, action)
                    .getSingleResult();
            return ((Number) id).longValue();
        } catch (RuntimeException e) {
            if (SqlStates.is(e, SqlStates.FOREIGN_KEY_VIOLATION)) {
                throw MatchingProblems.notFound("recommendation", recommendationId);
            }
            throw e;
        }
    }

    private static void requireLiveCoverLetter(long id) {
        CoverLetter c = CoverLetter.findById(id);
        if (c == null || c.deletedAt != null) {
            throw MatchingProblems.notFound("cover letter", id);
        }
    }
}
