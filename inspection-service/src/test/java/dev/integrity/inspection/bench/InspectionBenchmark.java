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
        load();
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

    private void load() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial, location, model) "
                    + "SELECT 'BENCH-' || g, 'Building ' || g, 'HeartStart FRx' FROM generate_series(1, " + aeds + ") g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial, location) "
                    + "SELECT 'RAW-' || g, 'Annex ' || g FROM generate_series(1, " + aeds + ") g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'WARM-' || g FROM generate_series(1, 5000) g");
            s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'RACE-' || g FROM generate_series(1, " + rounds + ") g");
            s.execute("VACUUM (ANALYZE) aedpics.aed_data");
        }
    }

    /** What the service sends per start, sent directly: the check, then the insert that records its event. */
    private double rawStarts(Latencies raw) throws Exception {
        try (Connection c = connect();
             PreparedStatement check = c.prepareStatement("""
                     SELECT a.equipment_serial AS aed, s.* FROM aedpics.aed_data a
                       LEFT JOIN aedpics.inspection_sessions s ON s.equipment_serial = a.equipment_serial AND s.status IN ('active', 'paused')
                      WHERE a.equipment_serial = ?""");
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
                    rs.next();
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
