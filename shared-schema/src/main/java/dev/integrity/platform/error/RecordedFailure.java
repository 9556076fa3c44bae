package dev.integrity.platform.error;

import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * What a run record (a maintenance job, a dedup run, a pipeline job) keeps of its failure: a problem
 * type of the error contract and an error id, never the exception's text, which may hold SQL, row
 * values or host names. The whole exception goes to the log once, under that id, so an operator who
 * reads {@code errorId} in a view finds it there.
 *
 * @param slug    the problem type's last segment ({@code internal}, {@code lock-timeout}...), as stored
 * @param errorId the id the log line carries; null for failures no exception caused (abandoned runs)
 * @param diagnosis what a {@link Diagnosed} failure says of itself, for the run record's detail; or null
 */
public record RecordedFailure(String slug, UUID errorId, Map<String, Object> diagnosis) {

    /**
     * A failure that can say, for an operator's run record, what it ran into: for example who held
     * the locks a partition step waited for. Never shown to the client of a request.
     */
    public interface Diagnosed {
        Map<String, Object> diagnosis();
    }

    /** A run whose replica stopped before it finished: no exception, no log line of its own. */
    public static final RecordedFailure ABANDONED = new RecordedFailure("abandoned", null, null);

    /** Logs the failure at ERROR under a new error id, and says what the run record keeps of it. */
    public static RecordedFailure of(Throwable failure, Logger log, String what) {
        Map<String, Object> diagnosis = null;
        for (Throwable t = failure; t != null && diagnosis == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Diagnosed d) {
                diagnosis = d.diagnosis();
            }
        }
        RecordedFailure recorded = new RecordedFailure(slugOf(failure), UUID.randomUUID(), diagnosis);
        log.errorf(failure, "%s failed: %s, error id %s", what, recorded.slug(), recorded.errorId());
        return recorded;
    }

    /** The problem type URI of a stored slug, as the views show it; null for null. */
    public static String type(String slug) {
        return slug == null ? null : Problem.TYPE_PREFIX + slug;
    }

    static String slugOf(Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem.toProblem().getType().substring(Problem.TYPE_PREFIX.length());
        }
        String state = SqlStates.state(failure).orElse("");
        if (state.equals(SqlStates.LOCK_NOT_AVAILABLE)) {
            return "lock-timeout";
        }
        if (state.equals(SqlStates.QUERY_CANCELED)) {
            return "statement-timeout";
        }
        if (SqlStates.isTransient(failure)) {
            return "database-unavailable";
        }
        return "internal";
    }
}
