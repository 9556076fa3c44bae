package dev.integrity.matching.service;

import dev.integrity.matching.CoverLetter;
import dev.integrity.matching.JobPosting;
import dev.integrity.matching.repository.IntakeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;

/** Crawled postings and cover letters: intake, reads, soft and hard deletes, restore. */
@ApplicationScoped
public class CatalogService {

    @Inject
    IntakeRepository intake;

    @Inject
    EntityManager em;

    /** Stores a validated request as crawled, duplicates included, all or nothing. */
    @Transactional
    public List<Long> addPostings(List<IntakeRepository.PostingRow> rows) {
        return intake.insertPostings(rows);
    }

    @Transactional
    public List<Long> addCoverLetters(List<IntakeRepository.CoverLetterRow> rows) {
        return intake.insertCoverLetters(rows);
    }

    /** A posting; a soft-deleted one only when asked for. */
    public JobPosting posting(long id, boolean includeDeleted) {
        JobPosting p = JobPosting.findById(id);
        if (p == null || (p.deletedAt != null && !includeDeleted)) {
            throw MatchingProblems.notFound("posting", id);
        }
        return p;
    }

    public CoverLetter coverLetter(long id, boolean includeDeleted) {
        CoverLetter c = CoverLetter.findById(id);
        if (c == null || (c.deletedAt != null && !includeDeleted)) {
            throw MatchingProblems.notFound("cover letter", id);
        }
        return c;
    }

    /** Soft delete: the row stays, hidden, and is no longer recommended. Deleting twice is harmless. */
    @Transactional
    public void softDeletePosting(long id) {
        require(em.createNativeQuery("UPDATE mlops.job_postings SET deleted_at = coalesce(deleted_at, now()), updated_at = now() "
                + "WHERE id = ?1").setParameter(1, id).executeUpdate(), "posting", id);
    }

    @Transactional
    public void softDeleteCoverLetter(long id) {
        require(em.createNativeQuery("UPDATE mlops.cover_letter_samples SET deleted_at = coalesce(deleted_at, now()), updated_at = now() "
                + "WHERE id = ?1").setParameter(1, id).executeUpdate(), "cover letter", id);
    }

    /** A genuine delete: the CASCADE removes the row's recommendations and their interactions. */
    @Transactional
    public void hardDeletePosting(long id) {
        require((int) JobPosting.delete("id", id), "posting", id);
    }

    @Transactional
    public void hardDeleteCoverLetter(long id) {
        require((int) CoverLetter.delete("id", id), "cover letter", id);
    }

    /** Undoes a soft delete (and a merge: the row is its own again). */
    @Transactional
    public JobPosting restorePosting(long id) {
        require(em.createNativeQuery("UPDATE mlops.job_postings SET deleted_at = NULL, merged_into = NULL, updated_at = now() "
                + "WHERE id = ?1").setParameter(1, id).executeUpdate(), "posting", id);
        return JobPosting.findById(id);
    }

    @Transactional
    public CoverLetter restoreCoverLetter(long id) {
        require(em.createNativeQuery("UPDATE mlops.cover_letter_samples SET deleted_at = NULL, merged_into = NULL, updated_at = now() "
                + "WHERE id = ?1").setParameter(1, id).executeUpdate(), "cover letter", id);
        return CoverLetter.findById(id);
    }

    private static void require(int rows, String what, long id) {
        if (rows == 0) {
            throw MatchingProblems.notFound(what, id);
        }
    }

}
