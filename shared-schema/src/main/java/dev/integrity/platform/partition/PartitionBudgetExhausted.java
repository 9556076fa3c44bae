package dev.integrity.platform.partition;

import dev.integrity.platform.error.ProblemException;

/**
 * 503: a write needs a partition this replica may not create yet, its on-demand budget for the
 * minute spent. Nothing was written; the same request succeeds after Retry-After.
 */
public class PartitionBudgetExhausted extends ProblemException {

    public PartitionBudgetExhausted(long retryAfterSeconds) {
        super(503, "partition-budget-exhausted", "Service Unavailable",
                "this write needs a new time partition, and more were needed in the last minute than the service"
                        + " creates on demand; retry in " + retryAfterSeconds + " s");
        with("retryAfterSeconds", retryAfterSeconds);
        header("Retry-After", Long.toString(retryAfterSeconds));
    }
}
