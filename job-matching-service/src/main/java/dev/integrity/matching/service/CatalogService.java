package dev.integrity.matching.service;

import dev.integrity.matching.CrawledItem;
import dev.integrity.matching.NewCoverLetter;
import dev.integrity.matching.NewPosting;
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
    public List<Long> addPostings(List<NewPosting> rows) {
        return intake.insertPostings(rows);
    }

    @Transactional
    public List<Long> addCoverLetters(List<NewCoverLetter> rows) {
        return intake.insertCoverLetters(rows);
    }

    /** A row of the catalogue; a soft-deleted one only when asked for. */
    public <T extends CrawledItem> T find(Catalogue<T> catalogue, long id, boolean includeDeleted) {
        T item = em.find(catalogue.type(), id);
        if (item == null || (item.deletedAt != null && !includeDeleted)) {
            throw MatchingProblems.notFound(catalogue.noun(), id);
        }
        return item;
    }

    /** Soft delete: the row stays, hidden, and is no longer recommended. Deleting twice is harmless. */
    @Transactional
    public void softDelete(Catalogue<?> catalogue, long id) {
        execute(catalogue.softDelete(), catalogue, id);
    }

    /** A genuine delete: the CASCADE removes the row's recommendations and their interactions. */
    @Transactional
    public void hardDelete(Catalogue<?> catalogue, long id) {
        execute(catalogue.hardDelete(), catalogue, id);
    }

    /** Undoes a soft delete (and a merge: the row is its own again). */
    @Transactional
    public <T extends CrawledItem> T restore(Catalogue<T> catalogue, long id) {
        execute(catalogue.restore(), catalogue, id);
        return em.find(catalogue.type(), id);
    }

    private void execute(String statement, Catalogue<?> catalogue, long id) {
        if (em.createNativeQuery(statement).setParameter(1, id).executeUpdate() == 0) {
            throw MatchingProblems.notFound(catalogue.noun(), id);
        }
    }
}
