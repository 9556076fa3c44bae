package dev.integrity.matching;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/**
 * The deduplication statistics seed 003 asks for: duplicates found and merged per day (UTC, runs
 * that changed data only), review candidates waiting, and rows soft-deleted and merged per table.
 */
@Schema(example = """
        {"days": [{"day": "2025-01-27", "found": 1512, "merged": 1512}], "candidatesPending": 37, "softDeleted": {"coverLetters": 1512, "postings": 0}, "merged": {"coverLetters": 1512, "postings": 0}}""")
public record DedupStats(List<Day> days, long candidatesPending, PerTable softDeleted, PerTable merged) {

    /** One UTC day: duplicates the day's runs found, and rows they merged. */
    @Schema(example = """
            {"day": "2025-01-27", "found": 1512, "merged": 1512}""")
    public record Day(LocalDate day, long found, long merged) {
    }

    /** A count per deduplicated table. */
    @Schema(example = """
            {"coverLetters": 1512, "postings": 0}""")
    public record PerTable(long coverLetters, long postings) {
    }
}
