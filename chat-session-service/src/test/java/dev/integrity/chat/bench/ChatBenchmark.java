package dev.integrity.chat.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.FixedRateLoad;
import dev.integrity.platform.testing.Latencies;

import java.sql.Connection;
import java.sql.DriverManager;
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
 * against the same query without time bounds (seed 001 section 6.2's "Bad" query). Every request
 * carries the chatbot backend's bearer token, verified by the service as in production.
 * <p>
 * With {@code --baseline REF} the launcher also runs the service as it was at REF (before access
 * control, say) on a database of its own, loaded the same way; session start and appends then run
 * in alternating rounds against both, at the same rate, and the p99s are compared.
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
        try (Connection c = connect()) {
            load(c);
        }
        System.out.printf("loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        String backend = args.bearer(Roles.CHAT_BACKEND);
        String baseline = args.get("baseline-base", null);
        if (baseline != null) {
            long t1 = System.nanoTime();
            try (Connection c = DriverManager.getConnection(args.require("baseline-jdbc"), args.get("user", "postgres"),
                    args.get("password", ""))) {
                load(c);
            }
            System.out.printf("baseline (%s) loaded in %.0f s%n", args.require("baseline-ref"), (System.nanoTime() - t1) / 1e9);
            // The baseline gets the same token: one from before access control ignores it.
            try (FixedRateLoad ours = new FixedRateLoad(base, 32, backend); FixedRateLoad theirs = new FixedRateLoad(baseline, 32, backend)) {
                compare(ours, theirs);
            }
            return;
        }
        try (FixedRateLoad load = new FixedRateLoad(base, 32, backend)) {
            measure(load);
        }
    }

    /**
     * Session start and appends against today's service (every request's token verified, the
     * caller on every connection, row-level security) and the baseline's (no access control), in
     * alternating rounds of {@code --round-seconds} at the same rate, so the machine's noise falls on
     * both alike; the latencies of each side's rounds are pooled.
     */
    private void compare(FixedRateLoad ours, FixedRateLoad theirs) throws Exception {
        int rounds = args.integer("rounds", 4);
        int roundSeconds = args.integer("round-seconds", 10);
        SplittableRandom random = new SplittableRandom(42);
        System.out.println("warming up both ...");
        List<String> oursWarm = Collections.synchronizedList(new ArrayList<>());
        List<String> theirsWarm = Collections.synchronizedList(new ArrayList<>());
        for (int pass = 0; pass < 2; pass++) {
            ours.run("warm-up", 500, 10, i -> startSession(1 + i % users), 201, body -> oursWarm.add(sessionId(body)));
            theirs.run("warm-up", 500, 10, i -> startSession(1 + i % users), 201, body -> theirsWarm.add(sessionId(body)));
            ours.run("warm-up", 500, 10, i -> append(oursWarm.get(i % oursWarm.size())), 201, null);
            theirs.run("warm-up", 500, 10, i -> append(theirsWarm.get(i % theirsWarm.size())), 201, null);
        }
        Latencies[] start = {new Latencies(), new Latencies()};
        Latencies[] appends = {new Latencies(), new Latencies()};
        long[] errors = new long[4];
        // Each round's p99, per side and operation: a stall of the machine lands in one round, so
        // the median round says more than the pooled p99 when the machine is noisy.
        List<double[]> perRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            System.out.printf("round %d of %d ...%n", round + 1, rounds);
            FixedRateLoad[] sides = round % 2 == 0 ? new FixedRateLoad[]{ours, theirs} : new FixedRateLoad[]{theirs, ours};
            double[] p99 = new double[4];
            for (FixedRateLoad side : sides) {
                int k = side == ours ? 0 : 1;
                List<String> started = Collections.synchronizedList(new ArrayList<>());
                FixedRateLoad.Result s1 = side.run("start", rate, roundSeconds, i -> startSession(1 + random.nextInt(users)), 201,
                        body -> started.add(sessionId(body)));
                List<String> targets = List.copyOf(started);
                FixedRateLoad.Result a1 = side.run("append", rate, roundSeconds, i -> append(targets.get(i % targets.size())), 201, null);
                start[k].addAll(s1.latencies());
                appends[k].addAll(a1.latencies());
                errors[k] += s1.failed();
                errors[2 + k] += a1.failed();
                p99[k] = s1.latencies().percentileMillis(99);
                p99[2 + k] = a1.latencies().percentileMillis(99);
            }
            perRound.add(p99);
            System.out.printf("  p99 ms: start ours %.2f, baseline %.2f; appends ours %.2f, baseline %.2f%n", p99[0], p99[1], p99[2], p99[3]);
        }
        double[] median = new double[4];
        for (int k = 0; k < 4; k++) {
            int column = k;
            median[k] = Latencies.median(perRound.stream().mapToDouble(r -> r[column]).toArray());
        }
        System.out.println();
        new BenchTable("operation", "requests", "errors", "p50 ms", "p99 ms", "p99 ours / baseline")
                .row("POST /api/chat/sessions, ours (token verified)", (long) start[0].count(), errors[0],
                        start[0].percentileMillis(50), start[0].percentileMillis(99), start[0].percentileMillis(99) / start[1].percentileMillis(99))
                .row("POST /api/chat/sessions, baseline " + args.require("baseline-ref"), (long) start[1].count(), errors[1],
                        start[1].percentileMillis(50), start[1].percentileMillis(99), 1.0)
                .row("POST .../conversations, ours (token verified)", (long) appends[0].count(), errors[2],
                        appends[0].percentileMillis(50), appends[0].percentileMillis(99),
                        appends[0].percentileMillis(99) / appends[1].percentileMillis(99))
                .row("POST .../conversations, baseline " + args.require("baseline-ref"), (long) appends[1].count(), errors[3],
                        appends[1].percentileMillis(50), appends[1].percentileMillis(99), 1.0)
                .print();
        System.out.printf("with token verification, pooled p99: session start %.2fx the baseline's, appends %.2fx (target: within 1.2x)%n",
                start[0].percentileMillis(99) / start[1].percentileMillis(99), appends[0].percentileMillis(99) / appends[1].percentileMillis(99));
        System.out.printf("median round's p99: session start %.2f ms vs %.2f ms (%.2fx), appends %.2f ms vs %.2f ms (%.2fx); "
                        + "p50: %.2fx and %.2fx; %d rounds of %d s at %d/s%n",
                median[0], median[1], median[0] / median[1], median[2], median[3], median[2] / median[3],
                start[0].percentileMillis(50) / start[1].percentileMillis(50), appends[0].percentileMillis(50) / appends[1].percentileMillis(50),
                rounds, roundSeconds, rate);
    }

    private void measure(FixedRateLoad load) throws Exception {
        SplittableRandom random = new SplittableRandom(42);

        System.out.println("warming up ...");
        List<String> warm = Collections.synchronizedList(new ArrayList<>());
        load.run("warm-up", 500, 15, i -> startSession(1 + i % users), 201, body -> warm.add(sessionId(body)));
        load.run("warm-up", 500, 15, i -> append(warm.get(i % warm.size())), 201, null);
        List<UUID> loaded = HistoryProbe.sample(this::connect, reads);
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
        HistoryProbe.roundTrips(this::connect, loaded, bounded, unbounded);

        double[] server = HistoryProbe.serverSide(this::connect, loaded.subList(0, Math.min(500, loaded.size())));

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

    static FixedRateLoad.Call startSession(int userId) {
        return FixedRateLoad.Call.post("/api/chat/sessions",
                "{\"userId\":" + userId + ",\"sessionType\":\"chat\",\"metadata\":{\"device\":\"bench\"}}");
    }

    static FixedRateLoad.Call append(String sessionId) {
        return FixedRateLoad.Call.post("/api/chat/sessions/" + sessionId + "/conversations",
                "{\"inputText\":\"어디서 떡볶이를 먹을 수 있나요?\",\"responseText\":\"홍대 근처에 세 곳이 있어요.\"}");
    }

    static FixedRateLoad.Call history(UUID sessionId) {
        return FixedRateLoad.Call.get("/api/chat/sessions/" + sessionId + "/conversations");
    }

    static String sessionId(String body) {
        Matcher m = SESSION_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no sessionId in " + body);
        }
        return m.group(1);
    }

    /** Bulk load in SQL: the service's own constraints and indexes all apply. Loaded sessions are ended, type 'test'. */
    private void load(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
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

    /** Bulk loads only: the trigram index takes rows through its pending list (on), then goes back to the service's off. */
    static void setTrigramFastUpdate(Statement s, boolean on) throws Exception {
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
