package dev.integrity.platform.partition;

import dev.integrity.platform.error.ProblemException;
import dev.integrity.platform.error.RecordedFailure;

import java.util.List;
import java.util.Map;

/**
 * 503: a partition step (attaching a new partition, detaching or dropping an old one) could not
 * get its locks within its budget, every attempt of it. A write that needed the partition wrote
 * nothing and may retry; a job records who held the locks ({@link #diagnosis()}: their pid, role,
 * state, age and query), which the client of a write is never told.
 */
public class PartitionLockTimeout extends ProblemException implements RecordedFailure.Diagnosed {

    private final String step;
    private final int attempts;
    private final transient List<Map<String, Object>> holders;

    public PartitionLockTimeout(String step, int attempts, List<Map<String, Object>> holders) {
        super(503, "partition-lock-timeout", "Service Unavailable",
                "a time partition could not be prepared now (its locks were held elsewhere); retry shortly");
        this.step = step;
        this.attempts = attempts;
        this.holders = List.copyOf(holders);
        with("retryAfterSeconds", 2);
        header("Retry-After", "2");
    }

    @Override
    public Map<String, Object> diagnosis() {
        return Map.of("step", step, "attempts", attempts, "blockedBy", holders);
    }
}
