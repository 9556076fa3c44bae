package dev.integrity.chat.bench;

import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.platform.testing.Latencies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session-history read measured in SQL: the service's bounded statement beside the seed's unbounded one. */
final class HistoryProbe {

    /** Where the probe's connections come from. */
    interface Source {
        Connection connect() throws Exception;
    }

    private HistoryProbe() {
    }

    /** {@code n} of the sessions a benchmark loaded (type 'test', ended), at random. */
    static List<UUID> sample(Source source, int n) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = source.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT session_id FROM chatbot.session_master WHERE session_type = 'test' "
                     + "ORDER BY random() LIMIT " + n)) {
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
        }
        return ids;
    }

    /**
     * The history, as the service reads it (the session's bounds, then the statement bounded by
     * them: two round trips), and the seed's unbounded query (one).
     */
    static void roundTrips(Source source, List<UUID> ids, Latencies bounded, Latencies unbounded) throws Exception {
        try (Connection c = source.connect();
             PreparedStatement span = c.prepareStatement(SPAN);
             PreparedStatement withBounds = c.prepareStatement(ConversationRepository.HISTORY);
             PreparedStatement withoutBounds = c.prepareStatement(ConversationRepository.HISTORY_UNBOUNDED)) {
            for (int round = 0; round < 2; round++) {
                for (UUID id : ids) {
                    long s0 = System.nanoTime();
                    bind(withBounds, id, span(span, id));
                    drain(withBounds);
                    if (round == 1) {
                        bounded.record(System.nanoTime() - s0);
                    }

                    long u0 = System.nanoTime();
                    withoutBounds.setObject(1, id);
                    withoutBounds.setInt(2, 50);
                    withoutBounds.setLong(3, 0);
                    drain(withoutBounds);
                    if (round == 1) {
                        unbounded.record(System.nanoTime() - u0);
                    }
                }
            }
        }
    }

    /**
     * Mean planning and execution time PostgreSQL reports for each variant (EXPLAIN ANALYZE): the
     * server's own work, without the round trip. Returns {bounded planning, bounded execution,
     * unbounded planning, unbounded execution, bounded partitions scanned, unbounded partitions scanned}.
     */
    static double[] serverSide(Source source, List<UUID> ids) throws Exception {
        double[] sums = new double[6];
        try (Connection c = source.connect();
             PreparedStatement span = c.prepareStatement(SPAN);
             PreparedStatement withBounds = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + ConversationRepository.HISTORY);
             PreparedStatement withoutBounds = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + ConversationRepository.HISTORY_UNBOUNDED)) {
            for (UUID id : ids) {
                bind(withBounds, id, span(span, id));
                accumulate(withBounds, sums, 0);
                withoutBounds.setObject(1, id);
                withoutBounds.setInt(2, 50);
                withoutBounds.setLong(3, 0);
                accumulate(withoutBounds, sums, 2);
            }
        }
        for (int i = 0; i < sums.length; i++) {
            sums[i] /= ids.size();
        }
        return sums;
    }

    private static final Pattern PLANNING = Pattern.compile("\"Planning Time\": ([0-9.]+)");
    private static final Pattern EXECUTION = Pattern.compile("\"Execution Time\": ([0-9.]+)");
    private static final Pattern SCANNED = Pattern.compile(
            "\"Relation Name\": \"conversations_[^\"]*\"[^}]*?\"Actual Loops\": ([0-9]+)", Pattern.DOTALL);

    private static void accumulate(PreparedStatement explain, double[] sums, int at) throws Exception {
        try (ResultSet rs = explain.executeQuery()) {
            rs.next();
            String plan = rs.getString(1);
            Matcher planning = PLANNING.matcher(plan);
            Matcher execution = EXECUTION.matcher(plan);
            if (planning.find() && execution.find()) {
                sums[at] += Double.parseDouble(planning.group(1));
                sums[at + 1] += Double.parseDouble(execution.group(1));
            }
            Matcher scanned = SCANNED.matcher(plan);
            while (scanned.find()) {
                if (Integer.parseInt(scanned.group(1)) > 0) {
                    sums[4 + at / 2]++;
                }
            }
        }
    }

    /** What the service reads first: the session's first and last conversation times (SessionRepository's state). */
    private static final String SPAN = "SELECT first_conversation_at, last_conversation_at FROM chatbot.session_master WHERE session_id = ?";

    private static OffsetDateTime[] span(PreparedStatement span, UUID id) throws Exception {
        span.setObject(1, id);
        try (ResultSet rs = span.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("a loaded session is gone: " + id);
            }
            return new OffsetDateTime[]{rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)};
        }
    }

    private static void bind(PreparedStatement history, UUID id, OffsetDateTime[] span) throws Exception {
        history.setObject(1, id);
        history.setObject(2, span[0]);
        history.setObject(3, span[1]);
        history.setInt(4, 50);
        history.setLong(5, 0);
    }

    private static void drain(PreparedStatement ps) throws Exception {
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        if (rows == 0) {
            throw new IllegalStateException("a loaded session read no conversations");
        }
    }

}
