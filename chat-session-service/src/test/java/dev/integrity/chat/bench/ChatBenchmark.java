package dev.integrity.chat.bench;

import dev.integrity.chat.repository.ConversationRepository;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.FixedRateLoad;
import dev.integrity.platform.testing.Latencies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench chat}: 10,000 users, 100,000 sessions and 2,000,000 conversations over 24
 * months; then session start and conversation appends at a fixed rate, and the session-history read
 * against the same query without time bounds (seed 001 section 6.2's "Bad" query).
 */
public final class ChatBenchmark {

    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\":\"([0-9a-f-]{36})\"");

    private final String base;
    private final BenchArgs args;
    private final int users;
    private final int sessions;
    private final int perSession;
    private final int rate;
    private final int seconds;
    private final int reads;

    private ChatBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        users = args.integer("users", 10_000);
        sessions = args.integer("sessions", 100_000);
        perSession = args.integer("conversations-per-session", 20);
        rate = args.integer("rate", 1_000);
        seconds = args.integer("seconds", 20);
        reads = args.integer("reads", 5_000);
    }

    public static void main(String[] args) throws Exception {
        new ChatBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        System.out.printf("chat: %,d users, %,d sessions, %,d conversations over 24 months; %,d/s for %d s%n",
                users, sessions, (long) sessions * perSession, rate, seconds);
        long t0 = System.nanoTime();
        load();
        System.out.printf("loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        try (FixedRateLoad load = new FixedRateLoad(base, 32)) {
            measure(load);
        }
    }

    private void measure(FixedRateLoad load) throws Exception {
        SplittableRandom random = new SplittableRandom(42);

        System.out.println("warming up ...");
        List<String> warm = Collections.synchronizedList(new ArrayList<>());
        load.run("warm-up", 500, 15, i -> startSession(1 + i % users), 201, body -> warm.add(sessionId(body)));
        load.run("warm-up", 500, 15, i -> append(warm.get(i % warm.size())), 201, null);
        List<UUID> loaded = sampleLoadedSessions(reads);
        load.run("warm-up", 200, 5, i -> history(loaded.get(i % loaded.size())), 200, null);

        System.out.println("session start at a fixed rate ...");
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        FixedRateLoad.Result start = load.run("POST /api/chat/sessions", rate, seconds,
                i -> startSession(1 + random.nextInt(users)), 201, body -> started.add(sessionId(body)));

        System.out.println("conversation appends at a fixed rate ...");
        List<String> targets = List.copyOf(started);
        FixedRateLoad.Result append = load.run("POST .../conversations", rate, seconds,
                i -> append(targets.get(i % targets.size())), 201, null);

        System.out.println("session-history read over HTTP ...");
        FixedRateLoad.Result history = load.run("GET .../conversations", Math.max(1, rate / 2), seconds,
                i -> history(loaded.get(i % loaded.size())), 200, null);

        System.out.println("session-history read in SQL, bounded and unbounded ...");
        Latencies bounded = new Latencies();
        Latencies unbounded = new Latencies();
        sqlHistory(loaded, bounded, unbounded);

        double[] server = serverSide(loaded.subList(0, Math.min(500, loaded.size())));

        System.out.println();
        new BenchTable("operation", "requests", "ok", "errors", "rate/s", "p50 ms", "p99 ms")
                .row(start.name(), (long) start.sent(), start.ok(), start.failed(), start.achievedRate(),
                        start.latencies().percentileMillis(50), start.latencies().percentileMillis(99))
                .row(append.name(), (long) append.sent(), append.ok(), append.failed(), append.achievedRate(),
                        append.latencies().percentileMillis(50), append.latencies().percentileMillis(99))
                .row(history.name(), (long) history.sent(), history.ok(), history.failed(), history.achievedRate(),
                        history.latencies().percentileMillis(50), history.latencies().percentileMillis(99))
                .row("SQL: history bounded by session_master (ours)", (long) bounded.count(), (long) bounded.count(), 0L, Double.NaN,
                        bounded.percentileMillis(50), bounded.percentileMillis(99))
                .row("SQL: same query, no time bounds (seed's Bad)", (long) unbounded.count(), (long) unbounded.count(), 0L, Double.NaN,
                        unbounded.percentileMillis(50), unbounded.percentileMillis(99))
                .print();
        System.out.printf("session start: %.0f/s, p99 %.1f ms (targets >= 1,000/s, p99 < 20 ms)%n",
                start.achievedRate(), start.latencies().percentileMillis(99));
        System.out.printf("history read: HTTP p99 %.1f ms (target < 10 ms); round trip unbounded / bounded = %.1fx at p50, %.1fx at p99 (target >= 10x)%n",
                history.latencies().percentileMillis(99), unbounded.percentileMillis(50) / bounded.percentileMillis(50),
                unbounded.percentileMillis(99) / bounded.percentileMillis(99));
        System.out.printf("server side, mean of %d sessions (EXPLAIN ANALYZE): bounded executes in %.3f ms scanning %.1f partitions, "
                        + "unbounded in %.3f ms scanning %.1f: %.1fx (planning, %.3f vs %.3f ms, is paid once a statement is prepared)%n",
                Math.min(500, loaded.size()), server[1], server[4], server[3], server[5], server[3] / server[1], server[0], server[2]);
        System.out.println("status codes: start " + start.statuses() + ", append " + append.statuses() + ", history " + history.statuses());
    }

    private static FixedRateLoad.Call startSession(int userId) {
        return FixedRateLoad.Call.post("/api/chat/sessions",
                "{\"userId\":" + userId + ",\"sessionType\":\"chat\",\"metadata\":{\"device\":\"bench\"}}");
    }

    private static FixedRateLoad.Call append(String sessionId) {
        return FixedRateLoad.Call.post("/api/chat/sessions/" + sessionId + "/conversations",
                "{\"inputText\":\"어디서 떡볶이를 먹을 수 있나요?\",\"responseText\":\"홍대 근처에 세 곳이 있어요.\"}");
    }

    private static FixedRateLoad.Call history(UUID sessionId) {
        return FixedRateLoad.Call.get("/api/chat/sessions/" + sessionId + "/conversations");
    }

    private static String sessionId(String body) {
        Matcher m = SESSION_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no sessionId in " + body);
        }
        return m.group(1);
    }

    /** The history, as the service reads it (one bounded statement), and the seed's unbounded query. */
    private void sqlHistory(List<UUID> ids, Latencies bounded, Latencies unbounded) throws Exception {
        try (Connection c = connect();
             PreparedStatement withBounds = c.prepareStatement(ConversationRepository.HISTORY);
             PreparedStatement withoutBounds = c.prepareStatement(ConversationRepository.HISTORY_UNBOUNDED)) {
            for (int round = 0; round < 2; round++) {
                for (UUID id : ids) {
                    long s0 = System.nanoTime();
                    withBounds.setObject(1, id);
                    withBounds.setObject(2, id);
                    withBounds.setObject(3, id);
                    withBounds.setInt(4, 50);
                    withBounds.setLong(5, 0);
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
    private double[] serverSide(List<UUID> ids) throws Exception {
        double[] sums = new double[6];
        try (Connection c = connect();
             PreparedStatement withBounds = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + ConversationRepository.HISTORY);
             PreparedStatement withoutBounds = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + ConversationRepository.HISTORY_UNBOUNDED)) {
            for (UUID id : ids) {
                withBounds.setObject(1, id);
                withBounds.setObject(2, id);
                withBounds.setObject(3, id);
                withBounds.setInt(4, 50);
                withBounds.setLong(5, 0);
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

    private List<UUID> sampleLoadedSessions(int n) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT session_id FROM chatbot.session_master WHERE session_type = 'test' "
                     + "ORDER BY random() LIMIT " + n)) {
            while (rs.next()) {
                ids.add((UUID) rs.getObject(1));
            }
        }
        return ids;
    }

    /** Bulk load in SQL: the service's own constraints and indexes all apply. Loaded sessions are ended, type 'test'. */
    private void load() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO chatbot.users (name, email) SELECT 'user ' || g, 'user' || g || '@example.org' "
                    + "FROM generate_series(1, " + users + ") g");
            s.execute("SELECT chatbot.partition_ensure('chatbot.conversations', date_trunc('month', now()) - (m || ' months')::interval) "
                    + "FROM generate_series(0, 24) m");
            s.execute("""
                    INSERT INTO chatbot.session_master (session_id, user_id, session_start, session_end, is_active, session_type,
                                                        last_activity_at, first_conversation_at, last_conversation_at)
                    SELECT gen_random_uuid(), 1 + (g %% %d),
                           t, t + interval '2 hours', false, 'test', t + interval '2 hours',
                           t + interval '1 minute', t + (%d * interval '1 minute')
                      FROM generate_series(0, %d - 1) g,
                           LATERAL (SELECT date_trunc('month', now()) - ((1 + g %% 24) || ' months')::interval
                                           + ((g / 24) %% 27) * interval '1 day' + (g %% 13) * interval '1 hour' AS t) x
                    """.formatted(users, perSession, sessions));
            // Bulk load only: the trigram index takes the rows through its pending list, then goes back
            // to fastupdate = off (the service's setting) and VACUUM merges the list.
            setTrigramFastUpdate(s, true);
            s.execute("""
                    INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
                    SELECT s.session_id, s.user_id, s.session_start + k * interval '1 minute',
                           'question ' || k || ' about shops near station ' || (k * 7 %% 97), 'answer ' || k
                      FROM chatbot.session_master s CROSS JOIN generate_series(1, %d) k
                     WHERE s.session_type = 'test'
                    """.formatted(perSession));
            setTrigramFastUpdate(s, false);
            // Steady state before measuring: no autovacuum catching up on the bulk load mid-run.
            s.execute("VACUUM (ANALYZE)");
            s.execute("CHECKPOINT");
        }
    }

    private static void setTrigramFastUpdate(Statement s, boolean on) throws Exception {
        s.execute("""
                DO $$
                DECLARE i record;
                BEGIN
                    FOR i IN SELECT inhrelid::regclass AS name FROM pg_inherits
                              WHERE inhparent = 'chatbot.idx_conversations_text_trgm'::regclass LOOP
                        EXECUTE format('ALTER INDEX %s SET (fastupdate = FASTUPDATE)', i.name);
                    END LOOP;
                END $$""".replace("FASTUPDATE", on ? "on" : "off"));
    }

    private Connection connect() throws Exception {
        return args.connect();
    }
}
