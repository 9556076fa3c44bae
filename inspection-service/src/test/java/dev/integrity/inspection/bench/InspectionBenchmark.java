package dev.integrity.inspection.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.FixedRateLoad;
import dev.integrity.platform.testing.Latencies;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench inspection}: sessions started and completed across 10,000 distinct AEDs at a
 * fixed rate, against the same two statements sent straight to PostgreSQL; the race of seed 004
 * (200 simultaneous starts for one AED) 20 times; and schedules of which half overlap.
 *
 * <p>With {@code --baseline REF} the launcher also runs the service as it was at REF, in a database
 * of its own; session starts and completions then run against both in alternating rounds at the same
 * rate, so the machine's noise falls on both alike, and their latencies are compared.
 */
public final class InspectionBenchmark {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final Instant DAY = Instant.parse("2031-06-02T00:00:00Z");

    private final String base;
    private final BenchArgs args;
    private final int aeds;
    private final int rate;
    private final int rounds;
    private final int racers;
    private final int scheduleAeds;

    private InspectionBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        aeds = args.integer("aeds", 10_000);
        rate = args.integer("rate", 1_000);
        rounds = args.integer("rounds", 20);
        racers = args.integer("racers", 200);
        scheduleAeds = args.integer("schedule-aeds", 1_000);
    }

    public static void main(String[] args) throws Exception {
        new InspectionBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        System.out.printf("inspection: %,d AEDs at %,d/s; race of %d x %d; %,d schedule requests, half overlapping%n",
                aeds, rate, rounds, racers, scheduleAeds * 2);
        try (Connection c = connect()) {
            load(c, aeds);
        }
        String baseline = args.get("baseline-base", null);
        if (baseline != null) {
            compare(baseline);
            return;
        }
        int seconds = Math.max(1, aeds / rate);
        try (FixedRateLoad load = new FixedRateLoad(base, 32, args.bearer(Roles.INSPECTION_MANAGER))) {
            System.out.println("warming up ...");
            List<String> warm = Collections.synchronizedList(new ArrayList<>());
            load.run("warm-up", 500, 10, i -> start("WARM-" + (i + 1)), 201, body -> warm.add(id(body)));
            load.run("warm-up", 500, 10, i -> complete(warm.get(i % warm.size())), 200, null);

            System.out.println("sessions started across distinct AEDs at a fixed rate ...");
            List<String> started = Collections.synchronizedList(new ArrayList<>());
            FixedRateLoad.Result starts = load.run("POST /api/inspections/sessions", rate, seconds,
                    i -> start("BENCH-" + (i + 1)), 201, body -> started.add(id(body)));
            System.out.println("and completed ...");
            List<String> toComplete = List.copyOf(started);
            FixedRateLoad.Result completes = load.run("POST .../sessions/{id}/complete", rate, seconds,
                    i -> complete(toComplete.get(i % toComplete.size())), 200, null);

            System.out.println("the same two statements straight to PostgreSQL (check, then insert with its event) ...");
            Latencies raw = new Latencies();
            double rawSeconds = rawStarts(raw);

            System.out.println("the race: " + racers + " simultaneous starts for one AED, " + rounds + " times ...");
            List<int[]> race = race();

            System.out.println("schedules: two requests per AED, ten minutes apart ...");
            FixedRateLoad.Result schedules = load.run("POST /api/schedules", rate, Math.max(1, scheduleAeds * 2 / rate),
                    i -> schedule(i / 2 + 1, DAY.plusSeconds(i % 2 == 0 ? 0 : 600)), 201, null);

            System.out.println();
            new BenchTable("operation", "requests", "ok", "errors", "rate/s", "p50 ms", "p99 ms")
                    .row(starts.name(), (long) starts.sent(), starts.ok(), starts.failed(), starts.achievedRate(),
                            starts.latencies().percentileMillis(50), starts.latencies().percentileMillis(99))
                    .row(completes.name(), (long) completes.sent(), completes.ok(), completes.failed(), completes.achievedRate(),
                            completes.latencies().percentileMillis(50), completes.latencies().percentileMillis(99))
                    .row("SQL: check + insert, one connection, back to back", (long) raw.count(), (long) raw.count(), 0L,
                            raw.count() / rawSeconds, raw.percentileMillis(50), raw.percentileMillis(99))
                    .print();
            System.out.printf("session start: %.0f/s held, p99 %.1f ms (targets >= 1,000/s, p99 < 25 ms); "
                            + "p50 over HTTP / p50 of the bare statements = %.1fx%n",
                    starts.achievedRate(), starts.latencies().percentileMillis(99),
                    starts.latencies().percentileMillis(50) / raw.percentileMillis(50));
            System.out.println("status codes: start " + starts.statuses() + ", complete " + completes.statuses());

            System.out.println();
            BenchTable raceTable = new BenchTable("round", "201", "409", "5xx", "other");
            boolean raceOk = true;
            for (int r = 0; r < race.size(); r++) {
                int[] c = race.get(r);
                raceTable.row((long) r + 1, (long) c[0], (long) c[1], (long) c[2], (long) c[3]);
                raceOk &= c[0] == 1 && c[2] == 0 && c[3] == 0;
            }
            raceTable.print();
            System.out.println(raceOk ? "race: exactly one 201 and no 5xx in every round"
                    : "race: FAILED - a round without exactly one 201, or with a 5xx");

            long conflicts = schedules.statuses().getOrDefault(409, 0L);
            System.out.printf("%nschedules: %,d requests, %,d created, %,d conflicts (expected %,d), statuses %s%n",
                    schedules.sent(), schedules.ok(), conflicts, (long) scheduleAeds, schedules.statuses());
            long overlapping = count("""
                    SELECT count(*) FROM aedpics.inspection_schedules a JOIN aedpics.inspection_schedules b
                      ON b.aed_data_id = a.aed_data_id AND b.id > a.id AND a.window_start < b.window_end AND b.window_start < a.window_end
                     WHERE a.status <> 'cancelled' AND b.status <> 'cancelled'""");
            System.out.printf("overlapping live schedules in the database afterwards: %d%n", overlapping);
            if (!raceOk || conflicts != scheduleAeds || overlapping != 0) {
                throw new IllegalStateException("an invariant did not hold");
            }
        }
    }

    private void load(Connection c, int aeds) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial, location, model) "
                    + "SELECT 'BENCH-' || g, 'Building ' || g, 'HeartStart FRx' FROM generate_series(1, " + aeds + ") g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial, location) "
                    + "SELECT 'RAW-' || g, 'Annex ' || g FROM generate_series(1, " + aeds + ") g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'WARM-' || g FROM generate_series(1, 5000) g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'RACE-' || g FROM generate_series(1, " + rounds + ") g");
            s.execute("VACUUM (ANALYZE) aedpics.aed_data");
        }
    }

    /**
     * Starts and completions against today's service and the baseline's, in {@code --rounds}
     * alternating rounds of {@code --round-seconds} at {@code --rate}, each round on AEDs of its own.
     */
    private void compare(String baseline) throws Exception {
        int compareRounds = args.integer("compare-rounds", 4);
        int roundSeconds = args.integer("round-seconds", 5);
        int perRound = rate * roundSeconds;
        int needed = compareRounds * perRound;
        String ref = args.require("baseline-ref");
        try (Connection c = DriverManager.getConnection(args.require("baseline-jdbc"), args.get("user", "postgres"), args.get("password", ""))) {
            load(c, Math.max(aeds, needed));
        }
        if (needed > aeds) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'BENCH-' || g FROM generate_series(" + (aeds + 1) + ", "
                        + needed + ") g");
            }
        }
        String manager = args.bearer(Roles.INSPECTION_MANAGER);
        try (FixedRateLoad ours = new FixedRateLoad(base, 32, manager); FixedRateLoad theirs = new FixedRateLoad(baseline, 32, manager)) {
            System.out.println("warming up both ...");
            for (FixedRateLoad side : List.of(ours, theirs)) {
                List<String> warm = Collections.synchronizedList(new ArrayList<>());
                side.run("warm-up", 500, 10, i -> start("WARM-" + (i + 1)), 201, body -> warm.add(id(body)));
                side.run("warm-up", 500, 10, i -> complete(warm.get(i % warm.size())), 200, null);
            }
            Latencies[] starts = {new Latencies(), new Latencies()};
            Latencies[] completes = {new Latencies(), new Latencies()};
            long[] errors = new long[4];
            double[][] p50 = new double[4][compareRounds];
            double[][] p99 = new double[4][compareRounds];
            for (int round = 0; round < compareRounds; round++) {
                System.out.printf("round %d of %d ...%n", round + 1, compareRounds);
                int offset = round * perRound;
                for (FixedRateLoad side : round % 2 == 0 ? List.of(ours, theirs) : List.of(theirs, ours)) {
                    int k = side == ours ? 0 : 1;
                    List<String> started = Collections.synchronizedList(new ArrayList<>());
                    FixedRateLoad.Result s1 = side.run("start", rate, roundSeconds, i -> start("BENCH-" + (offset + i + 1)), 201,
                            body -> started.add(id(body)));
                    List<String> targets = List.copyOf(started);
                    FixedRateLoad.Result c1 = side.run("complete", rate, roundSeconds, i -> complete(targets.get(i % targets.size())), 200, null);
                    starts[k].addAll(s1.latencies());
                    completes[k].addAll(c1.latencies());
                    errors[k] += s1.failed();
                    errors[2 + k] += c1.failed();
                    p50[k][round] = s1.latencies().percentileMillis(50);
                    p50[2 + k][round] = c1.latencies().percentileMillis(50);
                    p99[k][round] = s1.latencies().percentileMillis(99);
                    p99[2 + k][round] = c1.latencies().percentileMillis(99);
                }
                System.out.printf("  p50 / p99 ms: start ours %.2f / %.2f, baseline %.2f / %.2f; complete ours %.2f / %.2f, baseline %.2f / %.2f%n",
                        p50[0][round], p99[0][round], p50[1][round], p99[1][round], p50[2][round], p99[2][round], p50[3][round], p99[3][round]);
            }
            System.out.println();
            new BenchTable("operation", "requests", "errors", "p50 ms", "p99 ms", "p50 ours / baseline")
                    .row("POST /api/inspections/sessions, ours", (long) starts[0].count(), errors[0], starts[0].percentileMillis(50),
                            starts[0].percentileMillis(99), starts[0].percentileMillis(50) / starts[1].percentileMillis(50))
                    .row("POST /api/inspections/sessions, baseline " + ref, (long) starts[1].count(), errors[1],
                            starts[1].percentileMillis(50), starts[1].percentileMillis(99), 1.0)
                    .row("POST .../complete, ours", (long) completes[0].count(), errors[2], completes[0].percentileMillis(50),
                            completes[0].percentileMillis(99), completes[0].percentileMillis(50) / completes[1].percentileMillis(50))
                    .row("POST .../complete, baseline " + ref, (long) completes[1].count(), errors[3],
                            completes[1].percentileMillis(50), completes[1].percentileMillis(99), 1.0)
                    .print();
            System.out.printf("ours / baseline %s: start p50 %.2fx (median round's %.2fx), median round's p99 %.2fx; "
                            + "complete p50 %.2fx (median round's %.2fx), median round's p99 %.2fx; %d rounds of %d s at %d/s%n", ref,
                    starts[0].percentileMillis(50) / starts[1].percentileMillis(50), Latencies.median(p50[0]) / Latencies.median(p50[1]),
                    Latencies.median(p99[0]) / Latencies.median(p99[1]),
                    completes[0].percentileMillis(50) / completes[1].percentileMillis(50), Latencies.median(p50[2]) / Latencies.median(p50[3]),
                    Latencies.median(p99[2]) / Latencies.median(p99[3]), compareRounds, roundSeconds, rate);
            if (errors[0] + errors[2] > 0) {
                throw new IllegalStateException("today's service answered " + (errors[0] + errors[2]) + " requests with an error");
            }
        }
    }

    /** What the service sends per start, sent directly: the check, then the insert that records its event. */
    private double rawStarts(Latencies raw) throws Exception {
        try (Connection c = connect();
             PreparedStatement check = c.prepareStatement("""
                     SELECT * FROM aedpics.inspection_sessions WHERE equipment_serial = ? AND status IN ('active', 'paused')
                      FETCH FIRST 1 ROWS ONLY""");
             PreparedStatement insert = c.prepareStatement("""
                     WITH s AS (
                         INSERT INTO aedpics.inspection_sessions (equipment_serial, inspector_id) VALUES (?, ?)
                         ON CONFLICT (equipment_serial) WHERE status IN ('active', 'paused') DO NOTHING RETURNING *
                     ), e AS (
                         INSERT INTO aedpics.inspection_session_events (session_id, from_status, to_status, reason, actor)
                         SELECT id, NULL, 'active', 'started', inspector_id FROM s
                     )
                     SELECT * FROM s""")) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= aeds; i++) {
                long s0 = System.nanoTime();
                check.setString(1, "RAW-" + i);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        throw new IllegalStateException("RAW-" + i + " has an open session already");
                    }
                }
                insert.setString(1, "RAW-" + i);
                insert.setString(2, "raw");
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                }
                raw.record(System.nanoTime() - s0);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    /** Per round: count of 201, 409, 5xx and anything else. */
    private List<int[]> race() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String manager = args.bearer(Roles.INSPECTION_MANAGER);
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        List<int[]> rounds = new ArrayList<>();
        try {
            for (int r = 1; r <= this.rounds; r++) {
                String body = "{\"equipmentSerial\":\"RACE-" + r + "\",\"inspectorId\":\"racer\"}";
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/inspections/sessions"))
                            .header("Content-Type", "application/json").header("Authorization", manager)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    answers.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            return -1;
                        }
                    }, threads));
                }
                go.countDown();
                int[] counts = new int[4];
                for (CompletableFuture<Integer> answer : answers) {
                    int status = answer.get(60, TimeUnit.SECONDS);
                    counts[status == 201 ? 0 : status == 409 ? 1 : status >= 500 ? 2 : 3]++;
                }
                rounds.add(counts);
            }
        } finally {
            threads.shutdownNow();
        }
        return rounds;
    }

    private static FixedRateLoad.Call start(String serial) {
        return FixedRateLoad.Call.post("/api/inspections/sessions", "{\"equipmentSerial\":\"" + serial + "\",\"inspectorId\":\"bench\"}");
    }

    private static FixedRateLoad.Call complete(String sessionId) {
        return FixedRateLoad.Call.post("/api/inspections/sessions/" + sessionId + "/complete",
                "{\"result\":{\"battery\":\"ok\",\"pads\":\"ok\",\"selfTest\":\"passed\"}}");
    }

    private static FixedRateLoad.Call schedule(long aedId, Instant at) {
        return FixedRateLoad.Call.post("/api/schedules", "{\"aedDataId\":" + aedId + ",\"scheduledFor\":\"" + at + "\"}");
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws Exception {
        return args.connect();
    }
}
