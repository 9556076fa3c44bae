package dev.integrity.platform.jobs;

import java.util.Map;

/** What a job did: the rows it affected, and any job-specific counts worth keeping. */
public record JobOutcome(long rowsAffected, Map<String, Object> detail) {

    public JobOutcome {
        detail = detail == null ? Map.of() : Map.copyOf(detail);
    }

    public static JobOutcome of(long rowsAffected) {
        return new JobOutcome(rowsAffected, Map.of());
    }
}
