package dev.integrity.chat.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.Counts;
import dev.integrity.platform.testing.FixedRateLoad;
import dev.integrity.platform.testing.Latencies;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench chat-growth}: what years of chat history cost (issue 18).
 * <ol>
 *   <li><b>History as months pile up.</b> The same sessions (100,000, 10 conversations each, in the
 *       recent months) are read at 12, 36 and 120 monthly partitions (the months the service premade
 *       ahead included): the older months are added
 *       between the stages, each with sessions of its own. At each stage: the history read over HTTP
 *       (p50/p99), the service's bounded statement and the seed's unbounded one in SQL (round trips,
 *       and PostgreSQL's own planning and execution times).</li>
 *   <li><b>Retention under load.</b> A backlog of ended sessions past retention (1,000,000 more, each
 *       with a conversation, an interaction and a recommendation, spread over the old months) is
 *       deleted by the retention job while the chatbot appends at 500/s: the appends' p99 alone and
 *       during it, how long it took, and its batches ({@code --retention false} leaves this out).</li>
 * </ol>
 */
public final class ChatGrowthBenchmark {

    private static final Pattern NUMBER = Pattern.compile("\"(sessionsDeleted|batches|largestBatch)\":(\\d+)");
    private static final Pattern RETIRED = Pattern.compile("\"partitionsRetired\":\\[([^]]*)]");

    private final String base;
    private final BenchArgs args;
    private final int users;
    private final int sessions;
    private final int perSession;
    private final int reads;
    private final int readRate;
    private final int seconds;
    private final int fillerPerMonth;
    private final int retentionSessions;
    private final int appendRate;
    private final int[] stages;

    private ChatGrowthBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        users = args.integer("users", 10_000);
        sessions = args.integer("sessions", 100_000);
        perSession = args.integer("conversations-per-session", 10);
        reads = args.integer("reads", 2_000);
        readRate = args.integer("read-rate", 200);
        seconds = args.integer("seconds", 15);
        fillerPerMonth = args.integer("filler-sessions-per-month", 2_000);
        retentionSessions = args.integer("retention-sessions", 1_000_000);
        appendRate = args.integer("append-rate", 500);
        stages = java.util.Arrays.stream(args.get("stages", "12,36,120").split(",")).mapToInt(Integer::parseInt).toArray();
    }

    public static void main(String[] args) throws Exception {
        new ChatGrowthBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        System.out.printf("chat growth: %,d sessions x %d conversations in the recent months, read at %s monthly partitions; "
                + "then retention of %,d more ended sessions under %d appends/s%n", sessions, perSession,
                java.util.Arrays.toString(stages), retentionSessions, appendRate);
        long t0 = System.nanoTime();
        loadRecent();
        System.out.printf("loaded in %.0f s%n", (System.nanoTime() - t0) / 1e9);
        List<UUID> sample = HistoryProbe.sample(args::connect, reads);
        List<Stage> results = new ArrayList<>();
        try (FixedRateLoad load = new FixedRateLoad(base, 16, args.bearer(Roles.CHAT_BACKEND))) {
            load.run("warm-up", readRate, 5, i -> ChatBenchmark.history(sample.get(i % sample.size())), 200, null);
            for (int target : stages) {
                long g0 = System.nanoTime();
                int partitions = growTo(target);
                System.out.printf("%d partitions (older months added in %.0f s); reading ...%n", partitions, (System.nanoTime() - g0) / 1e9);
                results.add(measure(load, partitions, sample));
            }
            report(results);
            // --retention false: the history stages only.
            if (Boolean.parseBoolean(args.get("retention", "true"))) {
                retention(load);
            }
        }
    }

    /** One stage's figures. */
    private record Stage(int partitions, Latencies http, Latencies bounded, Latencies unbounded, double[] server) {
    }

    private Stage measure(FixedRateLoad load, int partitions, List<UUID> sample) throws Exception {
        load.run("warm-up", readRate, 3, i -> ChatBenchmark.history(sample.get(i % sample.size())), 200, null);
        FixedRateLoad.Result http = load.run("GET .../conversations", readRate, seconds, i -> ChatBenchmark.history(sample.get(i % sample.size())), 200, null);
        if (http.failed() > 0) {
            throw new IllegalStateException("history reads failed: " + http.statuses());
        }
        Latencies bounded = new Latencies();
        Latencies unbounded = new Latencies();
        HistoryProbe.roundTrips(args::connect, sample, bounded, unbounded);
        double[] server = HistoryProbe.serverSide(args::connect, sample.subList(0, Math.min(300, sample.size())));
        return new Stage(partitions, http.latencies(), bounded, unbounded, server);
    }

    private void report(List<Stage> stages) {
        System.out.println();
        BenchTable table = new BenchTable("partitions", "HTTP p50 ms", "HTTP p99 ms", "SQL ours p50", "SQL ours p99", "SQL seed p50",
                "SQL seed p99", "plan+exec ours ms", "plan+exec seed ms", "seed partitions scanned");
        for (Stage s : stages) {
            table.row((long) s.partitions(), s.http().percentileMillis(50), s.http().percentileMillis(99), s.bounded().percentileMillis(50),
                    s.bounded().percentileMillis(99), s.unbounded().percentileMillis(50), s.unbounded().percentileMillis(99),
                    s.server()[0] + s.server()[1], s.server()[2] + s.server()[3], s.server()[5]);
        }
        table.print();
        Stage first = stages.get(0);
        Stage last = stages.get(stages.size() - 1);
        System.out.printf("history read at %d partitions against %d: HTTP p99 %.2fx, SQL p99 %.2fx, planning+execution %.2fx (goal <= 1.25x); "
                        + "the seed's unbounded read: SQL p99 %.2fx, planning+execution %.2fx%n", last.partitions(), first.partitions(),
                last.http().percentileMillis(99) / first.http().percentileMillis(99),
                last.bounded().percentileMillis(99) / first.bounded().percentileMillis(99),
                (last.server()[0] + last.server()[1]) / (first.server()[0] + first.server()[1]),
                last.unbounded().percentileMillis(99) / first.unbounded().percentileMillis(99),
                (last.server()[2] + last.server()[3]) / (first.server()[2] + first.server()[3]));
    }

    /**
     * The retention backlog, then appends alone, then appends while the retention job deletes it
     * (in rounds until the job answers), against the same active sessions.
     */
    private void retention(FixedRateLoad load) throws Exception {
        long t0 = System.nanoTime();
        loadExpired();
        long expired = count("SELECT count(*) FROM chatbot.session_master WHERE NOT is_active AND session_end < now() - interval '30 days'");
        System.out.printf("%n%,d ended sessions past retention (%,d conversations, interactions and recommendations with them) loaded in %.0f s%n",
                expired, count("SELECT count(*) FROM chatbot.conversations"), (System.nanoTime() - t0) / 1e9);

        List<String> active = Collections.synchronizedList(new ArrayList<>());
        load.run("start", 200, 2, i -> ChatBenchmark.startSession(1 + i % users),
                201, body -> active.add(ChatBenchmark.sessionId(body)));
        List<String> targets = List.copyOf(active);
        load.run("warm-up", appendRate, 5, i -> ChatBenchmark.append(targets.get(i % targets.size())), 201, null);
        FixedRateLoad.Result alone = load.run("appends alone", appendRate, seconds, i -> ChatBenchmark.append(targets.get(i % targets.size())), 201, null);

        System.out.println("retention job running, appends going on ...");
        long r0 = System.nanoTime();
        CompletableFuture<String> job = CompletableFuture.supplyAsync(this::runRetention);
        Latencies during = new Latencies();
        long sent = 0;
        long failed = 0;
        int rounds = 0;
        while (!job.isDone()) {
            FixedRateLoad.Result round = load.run("appends during retention", appendRate, 5, i -> ChatBenchmark.append(targets.get(i % targets.size())), 201, null);
            // Each round's own tail, to tell the partitions going whole from the batches that follow.
            System.out.printf("  %3.0f s into retention: appends p50 %.1f ms, p99 %.1f ms%n", (System.nanoTime() - r0) / 1e9,
                    round.latencies().percentileMillis(50), round.latencies().percentileMillis(99));
            during.addAll(round.latencies());
            sent += round.sent();
            failed += round.failed();
            rounds++;
        }
        String outcome = job.get();
        double took = (System.nanoTime() - r0) / 1e9;

        System.out.println();
        new BenchTable("appends at " + appendRate + "/s", "requests", "errors", "p50 ms", "p99 ms")
                .row("alone", (long) alone.sent(), alone.failed(), alone.latencies().percentileMillis(50), alone.latencies().percentileMillis(99))
                .row("during retention", sent, failed, during.percentileMillis(50), during.percentileMillis(99))
                .print();
        Matcher n = NUMBER.matcher(outcome);
        StringBuilder figures = new StringBuilder();
        while (n.find()) {
            figures.append(n.group(1)).append(' ').append(String.format("%,d", Long.parseLong(n.group(2)))).append(", ");
        }
        Matcher retired = RETIRED.matcher(outcome);
        System.out.printf("retention: %sin %.0f s (%,.0f sessions/s), partitions retired: %s; appends during it %d rounds of 5 s%n",
                figures, took, expired / took, retired.find() ? (retired.group(1).isEmpty() ? "none" : retired.group(1).split(",").length) : "?",
                rounds);
        System.out.printf("append p99 during retention %.2fx alone (goal <= 2x); p50 %.2fx; sessions past retention left: %,d%n",
                during.percentileMillis(99) / alone.latencies().percentileMillis(99),
                during.percentileMillis(50) / alone.latencies().percentileMillis(50),
                count("SELECT count(*) FROM chatbot.session_master WHERE NOT is_active AND session_end < now() - interval '30 days'"));
    }

    private String runRetention() {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/admin/jobs/chat-session-retention/run"))
                    .header("Authorization", "Bearer " + args.require("admin-token")).timeout(Duration.ofHours(2))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the retention job answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("running retention failed", e);
        }
    }

    /**
     * Users, the current month and as many before it as make the first stage's partition count
     * (with the months the service premade ahead), and the sessions every stage reads (type 'test',
     * ended, in the months before the current one).
     */
    private void loadRecent() throws Exception {
        try (Connection c = args.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO chatbot.users (name, email) SELECT 'user ' || g, 'user' || g || '@example.org' FROM generate_series(1, "
                    + users + ") g");
            int back = stages[0] - ahead(c) - 1;
            s.execute("SELECT chatbot.partition_ensure('chatbot.conversations', date_trunc('month', now()) - (m || ' months')::interval) "
                    + "FROM generate_series(0, " + back + ") m");
            insertSessions(s, "test", sessions, 1, back, perSession);
            s.execute("VACUUM (ANALYZE)");
        }
    }

    /** Older months until the table has {@code partitions} partitions, each with sessions of its own; returns the count. */
    private int growTo(int partitions) throws Exception {
        try (Connection c = args.connect(); Statement s = c.createStatement()) {
            int have = partitions(c);
            int oldest = have - ahead(c) - 1;   // months back of the oldest partition
            int back = partitions - ahead(c) - 1;
            if (back > oldest) {
                s.execute("SELECT chatbot.partition_ensure('chatbot.conversations', date_trunc('month', now()) - (m || ' months')::interval) "
                        + "FROM generate_series(" + (oldest + 1) + ", " + back + ") m");
                insertSessions(s, "api", fillerPerMonth * (back - oldest), oldest + 1, back, perSession);
                s.execute("VACUUM (ANALYZE)");
            }
            return partitions(c);
        }
    }

    private static int partitions(Connection c) throws Exception {
        return (int) Counts.of(c, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'chatbot.conversations'::regclass");
    }

    /** Partitions after the current month's: the ones the service premade ahead. */
    private static int ahead(Connection c) throws Exception {
        return (int) Counts.of(c, "SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid "
                + "WHERE i.inhparent = 'chatbot.conversations'::regclass "
                + "AND p.relname > 'conversations_' || to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM')");
    }

    /**
     * The retention backlog: ended sessions of type 'voice', months 2 back and older (all past the
     * 30-day retention), a conversation, an interaction and a recommendation each.
     */
    private void loadExpired() throws Exception {
        try (Connection c = args.connect(); Statement s = c.createStatement()) {
            int oldest = partitions(c) - ahead(c) - 1;
            insertSessions(s, "voice", retentionSessions, 2, oldest, 1);
            s.execute("INSERT INTO ml_features.user_interactions (session_id, user_id, interaction_type) "
                    + "SELECT session_id, user_id, 'click' FROM chatbot.session_master WHERE session_type = 'voice'");
            s.execute("INSERT INTO analytics.recommendations_log (session_id, user_id, recommendations, recommendation_count) "
                    + "SELECT session_id, user_id, '[101, 102]', 2 FROM chatbot.session_master WHERE session_type = 'voice'");
            s.execute("VACUUM (ANALYZE)");
            s.execute("CHECKPOINT");
        }
    }

    /** {@code n} ended sessions of {@code type} spread over the months {@code from}..{@code to} back, {@code per} conversations each. */
    private void insertSessions(Statement s, String type, int n, int from, int to, int per) throws Exception {
        ChatBenchmark.setTrigramFastUpdate(s, true);
        s.execute("""
                WITH s AS (
                    INSERT INTO chatbot.session_master (session_id, user_id, session_start, session_end, is_active, session_type,
                                                        last_activity_at, first_conversation_at, last_conversation_at)
                    SELECT gen_random_uuid(), 1 + (g %% %d), t, t + interval '2 hours', false, '%s', t + interval '2 hours',
                           t + interval '1 minute', t + (%d * interval '1 minute')
                      FROM generate_series(0, %d - 1) g,
                           LATERAL (SELECT date_trunc('month', now()) - ((%d + g %% %d) || ' months')::interval
                                           + ((g / %d) %% 27) * interval '1 day' + (g %% 13) * interval '1 hour' AS t) x
                    RETURNING session_id, user_id, session_start)
                INSERT INTO chatbot.conversations (session_id, user_id, conversation_time, input_text, response_text)
                SELECT s.session_id, s.user_id, s.session_start + k * interval '1 minute',
                       'question ' || k || ' about shops near station ' || (k * 7 %% 97), 'answer ' || k
                  FROM s CROSS JOIN generate_series(1, %d) k
                """.formatted(users, type, per, n, from, to - from + 1, to - from + 1, per));
        ChatBenchmark.setTrigramFastUpdate(s, false);
    }

    private long count(String sql) throws Exception {
        try (Connection c = args.connect()) {
            return Counts.of(c, sql);
        }
    }
}
