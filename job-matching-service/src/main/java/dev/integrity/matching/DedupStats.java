package dev.integrity.matching;

import java.time.LocalDate;
import java.util.List;

/**
 * The deduplication statistics seed 003 asks for: duplicates found and merged per day (UTC, runs
 * that changed data only), review candidates waiting, and rows soft-deleted and merged per table.
 */
public record DedupStats(List<Day> days, long candidatesPending, PerTable softDeleted, PerTable merged) {

    /** One UTC day: duplicates the day's runs found, and rows they merged. */
    public record Day(LocalDate day, long found, long merged) {
    }

    /** A count per deduplicated table. */
    public record PerTable(long coverLetters, long postings) {
    }
}
