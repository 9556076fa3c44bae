package dev.integrity.platform.jobs;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;

/** A job run as the admin API shows it. */
@RegisterForReflection
public record JobRunView(long id, String job, String trigger, String requestedBy, String instance, Instant startedAt, Instant finishedAt,
                         String outcome, Long rowsAffected, Map<String, Object> detail, String error) {

    public static JobRunView of(JobRun run) {
        return new JobRunView(run.id, run.job, run.trigger, run.requestedBy, run.instance, run.startedAt, run.finishedAt, run.outcome,
                run.rowsAffected, run.detail, run.error);
    }
}
