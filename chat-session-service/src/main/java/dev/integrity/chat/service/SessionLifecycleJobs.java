package dev.integrity.chat.service;

import dev.integrity.chat.ChatConfig;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import dev.integrity.platform.partition.RetentionMode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The work behind the session maintenance jobs: set-based, batch by batch, idempotent. */
@ApplicationScoped
public class SessionLifecycleJobs {

    @Inject
    EntityManager em;

    @Inject
    ChatConfig config;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    SessionMetrics metrics;

    /** Ends active sessions idle longer than chat.inactive-after. Returns how many. */
    public int endInactive() {
        Instant cutoff = Instant.now().minus(config.inactiveAfter());
        int ended = em.createNativeQuery("""
                        UPDATE chatbot.session_master SET is_active = false, session_end = now()
                         WHERE is_active AND last_activity_at < ?1""")
                .setParameter(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .executeUpdate();
        metrics.endedForInactivity(ended);
        return ended;
    }

    /**
     * A conversation that retention keeps: its session is active, or ended after the cutoff (the
     * one parameter). Rows of sessions retention deletes anyway do not keep their partition.
     */
    private static final String KEPT_CONVERSATION = """
            EXISTS (SELECT 1 FROM chatbot.session_master s
                     WHERE s.session_id = p.session_id AND (s.is_active OR s.session_end >= ?))""";

    /**
     * Deletes sessions ended more than chat.retention-days ago with everything they cascade to.
     * First, in drop mode, conversation partitions wholly older than the cutoff that hold no
     * conversation of a kept session go whole (emptied and dropped in place): a backlog of
     * old months leaves without a row-by-row delete, and every later cascade probes fewer
     * partitions. Then the sessions, a batch per transaction; their remaining conversations,
     * interactions, recommendations and feedback go by cascade. Last, the partitions that emptied.
     */
    public JobOutcome deleteOld() {
        Instant cutoff = Instant.now().minus(config.retentionDays(), ChronoUnit.DAYS);
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        // Only when retired partitions are dropped: a detached one keeps its foreign key, and the
        // sessions' deletes below would cascade into it row by row all the same.
        List<String> wholes = config.retentionMode() == RetentionMode.DROP
                ? partitions.retireUnkept(SessionActivityService.CONVERSATIONS, Granularity.MONTH.floor(cutoff), RetentionMode.DROP,
                        KEPT_CONVERSATION, cutoff)
                : List.of();
        int size = config.retentionBatch();
        long deleted = 0;
        int batches = 0;
        int largest = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                            DELETE FROM chatbot.session_master WHERE session_id IN (
                                SELECT session_id FROM chatbot.session_master
                                 WHERE NOT is_active AND session_end < ?1 LIMIT ?2)""")
                    .setParameter(1, before)
                    .setParameter(2, size)
                    .executeUpdate());
            deleted += batch;
            batches += batch > 0 ? 1 : 0;
            largest = Math.max(largest, batch);
            metrics.deletedByRetention(batch);
        } while (batch == size);
        List<String> dropped = new ArrayList<>(wholes);
        dropped.addAll(partitions.retireEmpty(SessionActivityService.CONVERSATIONS, Granularity.MONTH.floor(cutoff),
                config.retentionMode()));
        return new JobOutcome(deleted, Map.of("sessionsDeleted", deleted, "batches", batches, "largestBatch", largest,
                "partitionsRetired", dropped, "cutoff", cutoff.toString()));
    }
}
