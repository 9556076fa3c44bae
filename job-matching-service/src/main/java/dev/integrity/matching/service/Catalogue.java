package dev.integrity.matching.service;

import dev.integrity.matching.CoverLetter;
import dev.integrity.matching.CrawledItem;
import dev.integrity.matching.JobPosting;

/**
 * One of the two catalogues of crawled items, and the statements that soft-delete, restore and
 * delete one of its rows. Each statement is written out whole: no SQL is assembled from parts.
 */
public record Catalogue<T extends CrawledItem>(String noun, Class<T> type, String softDelete, String restore, String hardDelete) {

    public static final Catalogue<JobPosting> POSTINGS = new Catalogue<>("posting", JobPosting.class,
            "UPDATE mlops.job_postings SET deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = ?1",
            "UPDATE mlops.job_postings SET deleted_at = NULL, merged_into = NULL, updated_at = now() WHERE id = ?1",
            "DELETE FROM mlops.job_postings WHERE id = ?1");

    public static final Catalogue<CoverLetter> COVER_LETTERS = new Catalogue<>("cover letter", CoverLetter.class,
            "UPDATE mlops.cover_letter_samples SET deleted_at = coalesce(deleted_at, now()), updated_at = now() WHERE id = ?1",
            "UPDATE mlops.cover_letter_samples SET deleted_at = NULL, merged_into = NULL, updated_at = now() WHERE id = ?1",
            "DELETE FROM mlops.cover_letter_samples WHERE id = ?1");
}
