package dev.integrity.platform.testing;

import dev.integrity.platform.security.Roles;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev bench load}: each service's main write path at a fixed rate for 60 s (by default),
 * one after another on the same platform: IMU batches, session start with conversation appends,
 * cover-letter intake, and inspection sessions created then completed. Prints, per path, requests,
 * errors (must be 0), and p50/p99 from each request's intended start (open loop).
 * <p>
 * {@code ./dev bench load --capacity true}: what one replica of each service sustains. Each path
 * starts at a quarter of its fixed rate and goes up by half each step ({@code --step-seconds}, 15)
 * for as long as the service keeps up: no error, at least 95% of the rate achieved, p99 under a
 * second. A step it falls behind in is tried once more (the machine is noisy); two end the path.
 * Prints every step with the CPU the service, PostgreSQL and the generator used, and per path the
 * highest rate kept up with and the highest within a p99 of {@code --slo-ms} (50).
 */
public final class PlatformLoadBenchmark {

    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\":\"([0-9a-f-]{36})\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    /** One step of the capacity search: the rate asked, what came of it, the cores each process used. */
    private record Step(String path, int rate, FixedRateLoad.Result result, Map<String, Double> cores, boolean keptUp, boolean withinGoal) {
    }

    /** Beyond this p99 (or under 95% of the rate, or any error) a step is one the service did not keep up with. */
    private static final int KEEPING_UP_P99_MILLIS = 1_000;

    private final BenchArgs args;
    private final int seconds;
    private final Instant start = Instant.parse("2026-11-01T00:00:00Z");
    private final boolean capacity;
    private final int stepSeconds;
    private final int sloMillis;
    private final List<Step> steps = new ArrayList<>();

    private PlatformLoadBenchmark(BenchArgs args) {
        this.args = args;
        this.seconds = args.integer("seconds", 60);
        this.capacity = args.flag("capacity");
        this.stepSeconds = args.integer("step-seconds", 15);
        this.sloMillis = args.integer("slo-ms", 50);
    }

    public static void main(String[] args) throws Exception {
        new PlatformLoadBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        int imuRate = args.integer("imu-rate", 200);
        int samples = args.integer("imu-samples", 100);
        int chatRate = args.integer("chat-rate", 800);
        int letterRate = args.integer("letter-rate", 200);
        int inspectionRate = args.integer("inspection-rate", 500);
        System.out.printf("load: %d s per path; IMU %d batches/s of %d samples; chat %d/s (a quarter starts, the rest appends); "
                + "cover letters %d/s; inspections %d/s started, then completed%n", seconds, imuRate, samples, chatRate, letterRate, inspectionRate);
        List<FixedRateLoad.Result> results = new ArrayList<>();

        try (FixedRateLoad device = new FixedRateLoad(args.require("device-service"), 32)) {
            warm(device, i -> imu(1000 + i % 20, i, samples), 200);
            results.add(measure(device, "device-service", "IMU batches (POST /api/devices/{id}/imu)", imuRate,
                    i -> imu(i % 50, i / 50, samples), 200, null, Integer.MAX_VALUE));
        }

        try (FixedRateLoad chat = new FixedRateLoad(args.require("chat-session-service"), 32, args.bearer(Roles.CHAT_BACKEND))) {
            // Many users, as in production: sessions of one user all take a key-share lock on that
            // user's row (session_master's foreign key), and hundreds a second on one row queue up.
            List<Integer> users = createChatUsers(chat, args.integer("chat-users", 1_000));
            List<String> sessions = Collections.synchronizedList(new ArrayList<>());
            chat.run("warm-up", 200, 10, i -> startSession(users.get(i % users.size())), 201,
                    body -> sessions.add(match(SESSION_ID, body)));
            List<String> pool = List.copyOf(sessions);
            results.add(measure(chat, "chat-session-service", "session start + conversation appends (POST /api/chat/sessions, .../conversations)",
                    chatRate, i -> i % 4 == 0 ? startSession(users.get(i % users.size())) : append(pool.get(i % pool.size())), 201, null,
                    Integer.MAX_VALUE));
        }

        try (FixedRateLoad matching = new FixedRateLoad(args.require("job-matching-service"), 32, args.bearer(Roles.MATCHING_CRAWLER))) {
            warm(matching, i -> letter("warm-" + i), 201);
            results.add(measure(matching, "job-matching-service", "cover-letter intake (POST /api/matching/cover-letters)", letterRate,
                    i -> letter("load-" + i), 201, null, Integer.MAX_VALUE));
        }

        try (FixedRateLoad inspection = new FixedRateLoad(args.require("inspection-service"), 32, args.bearer(Roles.INSPECTION_MANAGER))) {
            int aeds = (capacity ? args.integer("capacity-aeds", 400_000) : inspectionRate * seconds) + 5_000;
            try (Connection c = args.connect();
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO aedpics.aed_data (equipment_serial) SELECT 'LOAD-' || g FROM generate_series(1, " + aeds + ") g");
            }
            List<String> warmIds = Collections.synchronizedList(new ArrayList<>());
            inspection.run("warm-up", 250, 10, i -> startInspection(aeds - i), 201, body -> warmIds.add(match(ID, body)));
            inspection.run("warm-up", 250, 10, i -> completeInspection(warmIds.get(i % warmIds.size())), 200, null);
            List<String> started = Collections.synchronizedList(new ArrayList<>());
            results.add(measure(inspection, "inspection-service", "inspection start (POST /api/inspections/sessions)", inspectionRate,
                    i -> startInspection(i + 1), 201, body -> started.add(match(ID, body)), aeds - 5_000));
            List<String> toComplete = List.copyOf(started);
            // Each session can be completed once: the capacity search stops when they run out.
            results.add(measure(inspection, "inspection-service", "inspection complete (POST .../sessions/{id}/complete)", inspectionRate,
                    i -> completeInspection(toComplete.get(i % toComplete.size())), 200, null, capacity ? toComplete.size() : Integer.MAX_VALUE));
        }

        System.out.println();
        BenchTable table = new BenchTable("path", "requests", "ok", "errors", "error rate", "rate/s", "p50 ms", "p99 ms");
        boolean clean = true;
        for (FixedRateLoad.Result r : results) {
            table.row(r.name(), (long) r.sent(), r.ok(), r.failed(), r.errorRate(), r.achievedRate(),
                    r.latencies().percentileMillis(50), r.latencies().percentileMillis(99));
            clean &= r.failed() == 0;
        }
        table.print();
        results.forEach(r -> System.out.println("status codes, " + r.name() + ": " + r.statuses()));
        if (capacity) {
            printSteps();
            return;
        }
        if (!clean) {
            throw new IllegalStateException("a path answered errors under load");
        }
    }

    /**
     * The path at its fixed rate for {@code --seconds}; or, with {@code --capacity true}, stepped up
     * from a quarter of that rate by half each step for as long as the service keeps up, returning
     * the highest step it kept up with. {@code requests} is how many distinct requests the path has
     * prepared (inspections to start or complete): the steps stop before they run out.
     */
    private FixedRateLoad.Result measure(FixedRateLoad load, String service, String name, int fixedRate, IntFunction<FixedRateLoad.Call> calls,
                                         int expect, Consumer<String> onSuccess, int requests) throws Exception {
        if (!capacity) {
            return load.run(name, fixedRate, seconds, calls, expect, onSuccess);
        }
        Map<String, Long> pid = Map.of(service, Long.parseLong(args.require(service + "-pid")));
        FixedRateLoad.Result keptUp = null;
        int rate = Math.max(10, fixedRate / 4);
        int offset = 0;
        boolean missedOnce = false;
        while (offset + rate * stepSeconds <= requests) {
            ProcessCpu cpu = new ProcessCpu(pid);
            int from = offset;
            FixedRateLoad.Result r = load.run(name + " at " + rate + "/s", rate, stepSeconds, i -> calls.apply(from + i), expect, onSuccess);
            Map<String, Double> cores = cpu.coresSince(r.seconds());
            offset += r.sent();
            double p99 = r.latencies().percentileMillis(99);
            boolean keeps = r.failed() == 0 && r.achievedRate() >= 0.95 * rate && p99 <= KEEPING_UP_P99_MILLIS;
            steps.add(new Step(name, rate, r, cores, keeps, keeps && p99 <= sloMillis));
            System.out.printf("  %s at %d/s: p99 %.1f ms, %d errors, %.0f/s achieved: %s%n", name, rate, p99, r.failed(), r.achievedRate(),
                    keeps ? (p99 <= sloMillis ? "kept up, within the p99 goal" : "kept up") : missedOnce ? "fell behind again" : "fell behind");
            if (keeps) {
                keptUp = r;
                missedOnce = false;
                rate = rate * 3 / 2;
            } else if (missedOnce) {
                break;
            } else {
                missedOnce = true;
            }
        }
        if (keptUp == null) {
            throw new IllegalStateException(name + ": the service did not keep up even at " + rate + "/s");
        }
        return keptUp;
    }

    private void printSteps() {
        System.out.println();
        System.out.printf("capacity steps (%d s each; kept up: no error, >= 95%% of the rate, p99 <= %d ms):%n", stepSeconds,
                KEEPING_UP_P99_MILLIS);
        BenchTable table = new BenchTable("path", "rate/s", "achieved/s", "errors", "p50 ms", "p99 ms", "CPU service", "CPU PostgreSQL",
                "CPU generator", "kept up", "p99 <= " + sloMillis + " ms");
        Map<String, Step[]> best = new java.util.LinkedHashMap<>();
        for (Step step : steps) {
            FixedRateLoad.Result r = step.result();
            table.row(step.path(), step.rate(), r.achievedRate(), r.failed(), r.latencies().percentileMillis(50),
                    r.latencies().percentileMillis(99), serviceCores(step), step.cores().get("postgres"), step.cores().get("generator"),
                    step.keptUp() ? "yes" : "no", step.withinGoal() ? "yes" : "no");
            Step[] b = best.computeIfAbsent(step.path(), p -> new Step[2]);
            if (step.keptUp() && (b[0] == null || step.rate() > b[0].rate())) {
                b[0] = step;
            }
            if (step.withinGoal() && (b[1] == null || step.rate() > b[1].rate())) {
                b[1] = step;
            }
        }
        table.print();
        System.out.println();
        BenchTable summary = new BenchTable("path", "highest rate kept up with /s", "its p99 ms", "CPU service there",
                "CPU PostgreSQL there", "highest rate with p99 <= " + sloMillis + " ms /s");
        best.forEach((path, b) -> summary.row(path, b[0] == null ? "-" : b[0].rate(),
                b[0] == null ? "-" : b[0].result().latencies().percentileMillis(99), b[0] == null ? "-" : serviceCores(b[0]),
                b[0] == null ? "-" : b[0].cores().get("postgres"), b[1] == null ? "none" : b[1].rate()));
        summary.print();
    }

    private static double serviceCores(Step step) {
        return step.cores().entrySet().stream().filter(e -> e.getKey().endsWith("-service")).mapToDouble(Map.Entry::getValue).sum();
    }

    private void warm(FixedRateLoad load, IntFunction<FixedRateLoad.Call> calls, int expect) throws InterruptedException {
        load.run("warm-up", 100, 10, calls, expect, null);
    }

    private FixedRateLoad.Call imu(int device, int batch, int samples) {
        StringBuilder out = new StringBuilder(samples * 190).append('[');
        for (int k = 0; k < samples; k++) {
            if (k > 0) {
                out.append(',');
            }
            long n = (long) batch * samples + k;
            out.append("{\"ts\":\"").append(start.plusMillis(10L * n)).append("\",\"accX\":0.12,\"accY\":-0.4,\"accZ\":9.79,")
                    .append("\"gyroX\":0.01,\"gyroY\":0.02,\"gyroZ\":-0.01,\"magX\":21.5,\"magY\":-3.2,\"magZ\":40.1}");
        }
        return FixedRateLoad.Call.post("/api/devices/load-" + device + "/imu", out.append(']').toString());
    }

    private static List<Integer> createChatUsers(FixedRateLoad chat, int count) throws InterruptedException {
        List<Integer> ids = Collections.synchronizedList(new ArrayList<>());
        chat.run("users", Math.min(count, 500), Math.max(1, count / 500), i -> FixedRateLoad.Call.post("/api/chat/users",
                "{\"name\":\"load " + i + "\"}"), 201, body -> ids.add(Integer.parseInt(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"))));
        if (ids.isEmpty()) {
            throw new IllegalStateException("no chat user was created");
        }
        return List.copyOf(ids);
    }

    private static FixedRateLoad.Call startSession(int userId) {
        return FixedRateLoad.Call.post("/api/chat/sessions", "{\"userId\":" + userId + ",\"sessionType\":\"chat\"}");
    }

    private static FixedRateLoad.Call append(String sessionId) {
        return FixedRateLoad.Call.post("/api/chat/sessions/" + sessionId + "/conversations",
                "{\"inputText\":\"가까운 약국이 어디에 있나요?\",\"responseText\":\"200 m 앞 왼쪽에 있어요.\"}");
    }

    private static FixedRateLoad.Call letter(String key) {
        return FixedRateLoad.Call.post("/api/matching/cover-letters", "{\"url\":\"https://letters.example/" + key
                + "\",\"title\":\"Backend engineer\",\"company\":\"Acme\",\"position\":\"Engineer\",\"content\":\"I build reliable "
                + "services on PostgreSQL and care about data integrity. Letter " + key + ".\"}");
    }

    private static FixedRateLoad.Call startInspection(int aed) {
        return FixedRateLoad.Call.post("/api/inspections/sessions", "{\"equipmentSerial\":\"LOAD-" + aed + "\",\"inspectorId\":\"load\"}");
    }

    private static FixedRateLoad.Call completeInspection(String id) {
        return FixedRateLoad.Call.post("/api/inspections/sessions/" + id + "/complete", "{\"result\":{\"battery\":\"ok\"}}");
    }

    private static String match(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }
}
