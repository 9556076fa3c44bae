package dev.integrity.platform.partition;

/** What retention does with a partition that is wholly older than the retention period. */
public enum RetentionMode {
    /** Drop it: the data is gone. */
    DROP,
    /** Detach it: the table stays, outside the partitioned table, for archiving with pg_dump. */
    DETACH
}
