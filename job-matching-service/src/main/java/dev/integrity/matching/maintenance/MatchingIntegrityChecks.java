package dev.integrity.matching.maintenance;

import dev.integrity.matching.MatchingConfig;
import dev.integrity.platform.admin.IntegrityCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/** job-matching-service's answers to {@code GET /admin/integrity}. */
@ApplicationScoped
public class MatchingIntegrityChecks implements IntegrityCheck {

    @Inject
    EntityManager em;

    @Inject
    MatchingConfig config;

    @Override
    public List<Result> check() {
        return List.of(
                Result.zero("recommendations still pointing at a merged cover letter", count("""
                        SELECT count(*) FROM mlops.job_recommendations r
                          JOIN mlops.cover_letter_samples c ON c.id = r.resume_id WHERE c.merged_into IS NOT NULL""")),
                Result.zero("recommendations still pointing at a merged posting", count("""
                        SELECT count(*) FROM mlops.job_recommendations r
                          JOIN mlops.job_postings p ON p.id = r.job_id WHERE p.merged_into IS NOT NULL""")),
                Result.zero("pending candidates naming a deleted row", count("""
                        SELECT count(*) FROM mlops.dedup_candidates d
                         WHERE d.status = 'pending' AND (
                               (d.target = 'cover-letters' AND EXISTS (SELECT 1 FROM mlops.cover_letter_samples c
                                    WHERE c.id IN (d.left_id, d.right_id) AND c.deleted_at IS NOT NULL))
                            OR (d.target = 'postings' AND EXISTS (SELECT 1 FROM mlops.job_postings p
                                    WHERE p.id IN (d.left_id, d.right_id) AND p.deleted_at IS NOT NULL)))""")),
                Result.zero("pipeline jobs running without a heartbeat", ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM mlops.pipeline_jobs WHERE status = 'running'
                           AND heartbeat_at < now() - make_interval(secs => ?1)""")
                        .setParameter(1, (double) config.pipeline().reclaimAfter().toSeconds()).getSingleResult()).longValue()));
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
