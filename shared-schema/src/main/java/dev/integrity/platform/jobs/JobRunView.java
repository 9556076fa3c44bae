package dev.integrity.platform.jobs;

import dev.integrity.platform.error.RecordedFailure;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job run as the admin API shows it. A failed run carries its problem type and the error id its
 * log line has, never the exception's text.
 */
@RegisterForReflection
public record JobRunView(long id, String job, JobTrigger trigger, String requestedBy, Instant scheduledFor, String instance, Instant startedAt, Instant finishedAt,
                         String outcome, Long rowsAffected, Map<String, Object> detail, String errorType, UUID errorId) {

    public static JobRunView of(JobRun run) {
        return new JobRunView(run.id, run.job, run.trigger, run.requestedBy, run.scheduledFor, run.instance, run.startedAt, run.finishedAt, run.outcome,
                run.rowsAffected, run.detail, RecordedFailure.type(run.errorType), run.errorId);
    }
}
