package dev.integrity.matching.repository;

import dev.integrity.matching.ScoredPosting;
import dev.integrity.platform.sql.NativeSql;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recommendations by PostgreSQL text relevance. A cover letter's 32 most frequent terms (position
 * and content) become an OR query; a live posting scores by full-text rank over its title
 * (weight A) and description (weight B), plus the trigram similarity of its title to the letter's
 * position. The top k are upserted on the (resume_id, job_id) key in the same statement. Both
 * parts are {@code real}; the score is rounded to six decimals, the precision a {@code real} has,
 * so it reads 5.4 and not the 5.400000095367432 a widened {@code real} would.
 */
@ApplicationScoped
public class RecommendationRepository {

    private static final String RECOMMEND = """
            WITH letter AS (
                SELECT id, coalesce(position, '') AS position, coalesce(position, '') || ' ' || content AS text
                  FROM mlops.cover_letter_samples WHERE id = ? AND deleted_at IS NULL),
            terms AS (
                SELECT websearch_to_tsquery('simple', string_agg(lexeme, ' or ')) AS query
                  FROM (SELECT t.lexeme FROM letter, unnest(to_tsvector('simple', letter.text)) t
                         ORDER BY array_length(t.positions, 1) DESC, t.lexeme LIMIT 32) top),
            scored AS (
                SELECT p.id AS job_id,
                       round((ts_rank_cd(p.search_vector, terms.query) + public.similarity(p.title, letter.position))::numeric, 6)::float8 AS score
                  FROM mlops.job_postings p, terms, letter
                 WHERE p.deleted_at IS NULL
                   AND (p.search_vector @@ terms.query OR p.title OPERATOR(public.%) letter.position)
                 ORDER BY score DESC, p.id
                 LIMIT ?),
            marked AS (
                UPDATE mlops.cover_letter_samples SET recommended_at = now() WHERE id = (SELECT id FROM letter))
            INSERT INTO mlops.job_recommendations (resume_id, job_id, score)
            SELECT (SELECT id FROM letter), job_id, score FROM scored
            ON CONFLICT ON CONSTRAINT job_recommendations_resume_job_key
            DO UPDATE SET score = EXCLUDED.score, updated_at = now()
            RETURNING id, job_id, score""";

    private static final String LIST = """
            SELECT r.id, r.job_id, r.score FROM mlops.job_recommendations r
             WHERE r.resume_id = ? ORDER BY r.score DESC, r.id""";

    private static final String FIND = "SELECT id, job_id, score FROM mlops.job_recommendations WHERE id = ?";

    private static final String CHANGED = """
            SELECT id FROM mlops.cover_letter_samples
             WHERE deleted_at IS NULL AND (recommended_at IS NULL OR recommended_at < updated_at) AND id > ?
             ORDER BY id LIMIT ?""";

    @Inject
    AgroalDataSource dataSource;

    /** Computes and stores the top {@code k} postings for a live cover letter, best first. */
    public List<ScoredPosting> recommend(long coverLetterId, int k) {
        List<ScoredPosting> out = new ArrayList<>(NativeSql.list(dataSource, RECOMMEND, ps -> {
            ps.setLong(1, coverLetterId);
            ps.setInt(2, k);
        }, RecommendationRepository::scored));
        out.sort((a, b) -> a.score() == b.score() ? Long.compare(a.jobId(), b.jobId()) : Double.compare(b.score(), a.score()));
        return out;
    }

    public List<ScoredPosting> list(long coverLetterId) {
        return NativeSql.list(dataSource, LIST, ps -> ps.setLong(1, coverLetterId), RecommendationRepository::scored);
    }

    public Optional<ScoredPosting> find(long recommendationId) {
        return NativeSql.one(dataSource, FIND, ps -> ps.setLong(1, recommendationId), RecommendationRepository::scored);
    }

    /** Live cover letters changed since their last recommendations, after {@code afterId}, in id order. */
    public List<Long> changedCoverLetters(long afterId, int limit) {
        return NativeSql.list(dataSource, CHANGED, ps -> {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
        }, rs -> rs.getLong(1));
    }

    private static ScoredPosting scored(ResultSet rs) throws SQLException {
        return new ScoredPosting(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
    }
}
