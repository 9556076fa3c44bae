package dev.integrity.matching;

/** One recommendation of a cover letter: its row id, the posting it recommends and its score. */
public record ScoredPosting(long id, long jobId, double score) {
}
