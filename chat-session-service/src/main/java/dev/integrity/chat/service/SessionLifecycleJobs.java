package dev.integrity.chat.service;

import dev.integrity.chat.ChatConfig;
import dev.integrity.platform.jobs.JobOutcome;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The work behind the session maintenance jobs: set-based, batch by batch, idempotent. */
@ApplicationScoped
public class SessionLifecycleJobs {

    /** Sessions deleted per transaction, so each cascade stays short. */
    static final int DELETE_BATCH = 1000;

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
     * Deletes sessions ended more than chat.retention-days ago, a batch per transaction; their
     * conversations, interactions, recommendations and feedback go by cascade. Then drops the
     * conversation partitions that are empty and wholly older than the cutoff.
     */
    public JobOutcome deleteOld() {
        Instant cutoff = Instant.now().minus(config.retentionDays(), ChronoUnit.DAYS);
        OffsetDateTime before = OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC);
        long deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                            DELETE FROM chatbot.session_master WHERE session_id IN (
                                SELECT session_id FROM chatbot.session_master
                                 WHERE NOT is_active AND session_end < ?1 LIMIT ?2)""")
                    .setParameter(1, before)
                    .setParameter(2, DELETE_BATCH)
                    .executeUpdate());
            deleted += batch;
            metrics.deletedByRetention(batch);
        } while (batch == DELETE_BATCH);
        List<String> dropped = partitions.retireEmpty(SessionActivityService.CONVERSATIONS,
                Granularity.MONTH.floor(cutoff), config.retentionMode());
        return new JobOutcome(deleted, Map.of("sessionsDeleted", deleted, "partitionsRetired", dropped, "cutoff", cutoff.toString()));
    }
}
