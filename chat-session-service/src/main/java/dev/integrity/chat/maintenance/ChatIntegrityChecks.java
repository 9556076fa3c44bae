package dev.integrity.chat.maintenance;

import dev.integrity.chat.ChatConfig;
import dev.integrity.chat.service.SessionActivityService;
import dev.integrity.platform.admin.IntegrityCheck;
import dev.integrity.platform.partition.Granularity;
import dev.integrity.platform.partition.PartitionMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** chat-session-service's answers to {@code GET /admin/integrity}. */
@ApplicationScoped
public class ChatIntegrityChecks implements IntegrityCheck {

    /** The seed's orphan check (section 7.3), for each of the four session-scoped tables: always 0. */
    private static final Map<String, String> ORPHANS = Map.of(
            "chatbot.conversations", "SELECT count(*) FROM chatbot.conversations c WHERE NOT EXISTS "
                    + "(SELECT 1 FROM chatbot.session_master s WHERE s.session_id = c.session_id)",
            "ml_features.user_interactions", "SELECT count(*) FROM ml_features.user_interactions c WHERE NOT EXISTS "
                    + "(SELECT 1 FROM chatbot.session_master s WHERE s.session_id = c.session_id)",
            "analytics.recommendations_log", "SELECT count(*) FROM analytics.recommendations_log c WHERE NOT EXISTS "
                    + "(SELECT 1 FROM chatbot.session_master s WHERE s.session_id = c.session_id)",
            "analytics.user_feedback", "SELECT count(*) FROM analytics.user_feedback c WHERE NOT EXISTS "
                    + "(SELECT 1 FROM chatbot.session_master s WHERE s.session_id = c.session_id)");

    /** Per table: its cascading key to session_master, and whether it is validated (partitions' keys roll up to the parent's). */
    private static final String SESSION_KEYS = """
            SELECT t.name,
                   count(c.oid) FILTER (WHERE c.confdeltype = 'c' AND c.conparentid = 0),
                   count(c.oid) FILTER (WHERE NOT c.convalidated)
              FROM (VALUES ('chatbot.conversations'), ('ml_features.user_interactions'),
                           ('analytics.recommendations_log'), ('analytics.user_feedback')) t(name)
              LEFT JOIN pg_constraint c
                ON c.contype = 'f' AND c.confrelid = 'chatbot.session_master'::regclass
               AND (c.conrelid = t.name::regclass
                    OR c.conrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = t.name::regclass))
             GROUP BY t.name ORDER BY t.name""";

    @Inject
    EntityManager em;

    @Inject
    PartitionMaintenance partitions;

    @Inject
    ChatConfig config;

    @Override
    public List<Result> check() {
        List<Result> results = new ArrayList<>();
        ORPHANS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> results.add(Result.zero(
                "orphans in " + e.getKey(), ((Number) em.createNativeQuery(e.getValue()).getSingleResult()).longValue())));

        Instant month = Granularity.MONTH.floor(Instant.now());
        List<Instant> missing = partitions.missingPeriods(SessionActivityService.CONVERSATIONS, month,
                Granularity.MONTH.plus(month, config.premakeMonths()));
        results.add(new Result("conversations partitions missing through the premake horizon",
                missing.stream().map(Instant::toString).toList(), missing.isEmpty()));

        for (Object row : em.createNativeQuery(SESSION_KEYS).getResultList()) {
            Object[] r = (Object[]) row;
            long cascades = ((Number) r[1]).longValue();
            long notValidated = ((Number) r[2]).longValue();
            results.add(new Result(r[0] + " references session_master with a validated cascade",
                    Map.of("cascadingKeys", cascades, "notValidated", notValidated), cascades == 1 && notValidated == 0));
        }
        return results;
    }
}
