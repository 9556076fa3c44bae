package dev.integrity.matching.repository;

import dev.integrity.matching.PipelineJobType;
import dev.integrity.platform.error.RecordedFailure;
import dev.integrity.platform.sql.NativeSql;
import dev.integrity.platform.types.CodedEnum;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;

/**
 * The pipeline queue. Workers on any number of replicas claim jobs with FOR UPDATE SKIP LOCKED:
 * a row one worker is claiming is invisible to the others, so no job is ever claimed twice, and
 * nobody waits. A job whose worker stopped reporting is handed back (or failed, after too many
 * attempts).
 */
@ApplicationScoped
public class PipelineRepository {

    /** A claimed job: which, what kind, and who queued it. */
    public record Claimed(long id, PipelineJobType type, String requestedBy) {
    }

    private static final String CLAIM = """
            UPDATE mlops.pipeline_jobs
               SET status = 'running', started_at = now(), heartbeat_at = now(), claimed_by = ?, attempts = attempts + 1,
                   error_type = NULL, error_id = NULL
             WHERE id = (SELECT id FROM mlops.pipeline_jobs WHERE status = 'queued' ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
            RETURNING id, type, requested_by""";
    private static final String RECLAIM = """
            UPDATE mlops.pipeline_jobs
               SET status = CASE WHEN attempts >= ? THEN 'failed' ELSE 'queued' END,
                   finished_at = CASE WHEN attempts >= ? THEN now() END,
                   heartbeat_at = NULL, claimed_by = NULL,
                   error_type = 'abandoned', error_id = NULL
             WHERE id IN (SELECT id FROM mlops.pipeline_jobs WHERE status = 'running' AND heartbeat_at < now() - ?::interval
                           FOR UPDATE SKIP LOCKED)""";
    private static final String HEARTBEAT = "UPDATE mlops.pipeline_jobs SET heartbeat_at = now() WHERE id = ? AND status = 'running' AND claimed_by = ?";
    private static final String FINISH = """
            UPDATE mlops.pipeline_jobs SET status = ?, finished_at = now(), heartbeat_at = NULL, result = ?::jsonb,
                   error_type = ?, error_id = ?
             WHERE id = ? AND status = 'running' AND claimed_by = ?""";

    @Inject
    AgroalDataSource dataSource;

    /** Claims the oldest queued job for {@code worker}, if there is one. One statement, its own transaction. */
    public Optional<Claimed> claim(String worker) {
        return NativeSql.one(dataSource, CLAIM, ps -> ps.setString(1, worker),
                rs -> new Claimed(rs.getLong(1), CodedEnum.of(PipelineJobType.class, rs.getString(2)), rs.getString(3)));
    }

    /** Hands back (or fails) running jobs whose worker has been silent longer than {@code after}. */
    public int reclaim(Duration after, int maxAttempts) {
        return NativeSql.update(dataSource, RECLAIM, ps -> {
            ps.setInt(1, maxAttempts);
            ps.setInt(2, maxAttempts);
            ps.setString(3, after.toSeconds() + " seconds");
        });
    }

    public void heartbeat(long id, String worker) {
        NativeSql.update(dataSource, HEARTBEAT, ps -> {
            ps.setLong(1, id);
            ps.setString(2, worker);
        });
    }

    /**
     * Records the end of a job this worker still holds: its result, or (null result) its failure.
     * False if the job was taken away meanwhile.
     */
    public boolean finish(long id, String worker, String resultJson, RecordedFailure failure) {
        return NativeSql.update(dataSource, FINISH, ps -> {
            ps.setString(1, failure == null ? "succeeded" : "failed");
            ps.setString(2, resultJson);
            ps.setString(3, failure == null ? null : failure.slug());
            ps.setObject(4, failure == null ? null : failure.errorId());
            ps.setLong(5, id);
            ps.setString(6, worker);
        }) == 1;
    }
}
