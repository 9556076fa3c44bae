package dev.integrity.matching;

/** The seed's BatchProcessorManager job types. */
public enum PipelineJobType {
    /** Deduplicate cover letters and postings. */
    DEDUP,
    /** Recompute recommendations for every cover letter that changed since its last ones. */
    RECOMMEND,
    /** DEDUP, then RECOMMEND. */
    FULL_PIPELINE
}
