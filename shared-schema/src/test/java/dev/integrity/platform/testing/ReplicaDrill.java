package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.security.Roles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./dev replicas}: two replicas of every service on one PostgreSQL, under load (issue 18).
 * The launcher starts replica A and replica B of each service with their in-process schedulers on
 * and every cron schedule firing every {@code --fire-seconds}; this drill then checks, and fails when
 * one does not hold:
 * <ol>
 *   <li><b>jobs</b>: every fire time of every scheduled job of every service ran exactly once, on one
 *       replica or the other (by {@code job_run}); a fire time may go unrun only while the job's
 *       previous run was still going. No run failed;</li>
 *   <li><b>the inspection race</b>: inspectors start a session on one AED all at once, half through
 *       each replica, then book overlapping schedules: one winner each time, the rest 409 naming it,
 *       and the database holds one open session and one schedule per AED;</li>
 *   <li><b>the pipeline</b>: queued jobs are claimed by the two replicas' workers, each run once;</li>
 *   <li><b>online status</b>: devices on sockets to either replica read online through both, a device
 *       whose socket closed reads offline through both once the window has passed, and so does a
 *       device whose replica was killed;</li>
 *   <li><b>SIGKILL</b>: device-service A is killed with SIGKILL while IMU batches are in flight to it,
 *       over HTTP and WebSocket; the clients send what was not acknowledged to B. Every batch
 *       acknowledged is stored whole, none is stored in part or twice.</li>
 * </ol>
 * Chat sessions and conversations are written through both replicas throughout, and every one
 * acknowledged must be stored.
 */
public final class ReplicaDrill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE = "device-service", CHAT = "chat-session-service",
            MATCHING = "job-matching-service", INSPECTION = "inspection-service";
    /** Each service's schema, in the launcher's order. */
    private static final Map<String, String> SCHEMA = new LinkedHashMap<>();

    static {
        SCHEMA.put(DEVICE, "device");
        SCHEMA.put(CHAT, "chatbot");
        SCHEMA.put(MATCHING, "mlops");
        SCHEMA.put(INSPECTION, "aedpics");
    }
    private static final int SAMPLES = 200;
    private static final int ONLINE_SOCKETS = 6;

    /** One IMU batch: whose, which, acknowledged by which replica (-1: never), after how many tries. */
    private record Batch(String transport, String device, int seq, int ackedBy, int tries, boolean failedOver) {
    }

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String[]> urls = new LinkedHashMap<>();
    private final Path issuer;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    /** Today, so that the samples land in premade partitions that retention (running every few seconds) keeps. */
    private final Instant epoch = Instant.now().truncatedTo(ChronoUnit.DAYS);
    private final int fireSeconds;
    private final AtomicBoolean loadRunning = new AtomicBoolean(true);
    private final AtomicBoolean deviceAAlive = new AtomicBoolean(true);
    private final AtomicInteger inFlightToDeviceA = new AtomicInteger();
    private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> broken = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong chatSessionsAcked = new AtomicLong(), chatConversationsAcked = new AtomicLong(),
            chatFailures = new AtomicLong();
    private final List<String> chatSessions = Collections.synchronizedList(new ArrayList<>());
    private final String operator, backend, manager, matchingOperator;

    private ReplicaDrill(BenchArgs args) {
        this.args = args;
        this.issuer = Path.of(args.require("issuer-dir"));
        this.fireSeconds = args.integer("fire-seconds", 5);
        for (String service : SCHEMA.keySet()) {
            urls.put(service, new String[]{args.require(service), args.require(service + "-b")});
        }
        operator = args.bearer(Roles.DEVICE_OPERATOR);
        backend = args.bearer(Roles.CHAT_BACKEND);
        manager = args.bearer(Roles.INSPECTION_MANAGER);
        matchingOperator = args.bearer(Roles.MATCHING_OPERATOR);
    }

    public static void main(String[] args) throws Exception {
        new ReplicaDrill(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        ProcessHandle deviceA = ProcessHandle.of(Long.parseLong(args.require("device-service-pid")))
                .orElseThrow(() -> new IllegalStateException("device-service A is not running"));
        Instant started = Instant.now();
        ExecutorService load = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "replica-load");
            t.setDaemon(true);
            return t;
        });
        int httpWorkers = args.integer("imu-workers", 6), socketWorkers = args.integer("socket-workers", 4);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < httpWorkers; w++) {
            int worker = w;
            workers.add(load.submit(() -> imuOverHttp(worker)));
        }
        for (int w = 0; w < socketWorkers; w++) {
            int worker = w;
            workers.add(load.submit(() -> imuOverSocket(worker)));
        }
        long chatUser = chatUser();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            workers.add(load.submit(() -> chat(worker, chatUser)));
        }
        System.out.printf("two replicas of each service; load: %d HTTP and %d WebSocket IMU clients, 2 chat clients; "
                + "every job's schedule fires every %d s%n", httpWorkers, socketWorkers, fireSeconds);

        Map<String, Object> race = inspectionRace(args.integer("race-rounds", 20), args.integer("racers", 8));
        Map<String, Object> pipeline = pipeline(args.integer("pipeline-jobs", 10));
        OnlineCheck online = new OnlineCheck();
        online.beforeTheKill();
        Map<String, Object> kill = killDeviceA(deviceA);
        online.afterTheKill();
        // Let the schedules fire on the survivors for a while too.
        Thread.sleep(Math.max(0, args.integer("seconds", 75) * 1000L - Duration.between(started, Instant.now()).toMillis()));
        loadRunning.set(false);
        for (Future<?> worker : workers) {
            worker.get(90, TimeUnit.SECONDS);
        }
        load.shutdownNow();
        Instant ended = Instant.now();
        settleJobs();

        Map<String, Object> imu = imuFigures();
        Map<String, Object> chat = chatFigures();
        System.out.println();
        System.out.println("Scheduled jobs, fire times from " + firstFire(started) + " to " + lastFire(ended) + ":");
        jobs(started, ended);
        System.out.println();
        BenchTable table = new BenchTable("check", "figure");
        race.forEach(table::row);
        pipeline.forEach(table::row);
        online.figures.forEach(table::row);
        kill.forEach(table::row);
        imu.forEach(table::row);
        chat.forEach(table::row);
        table.print();
        if (!broken.isEmpty()) {
            throw new IllegalStateException("replica drill failed: " + String.join("; ", broken));
        }
        System.out.println("replica drill passed");
    }

    // ---------------------------------------------------------------------------------------------
    // Jobs: one run per fire time, on either replica.

    private Instant firstFire(Instant started) {
        // The first whole period after the drill began: every replica was up and scheduling by then.
        return nextFire(started).plusSeconds(fireSeconds);
    }

    private Instant lastFire(Instant ended) {
        return nextFire(ended).minusSeconds(fireSeconds);
    }

    private Instant nextFire(Instant at) {
        long s = at.getEpochSecond();
        return Instant.ofEpochSecond(s - s % fireSeconds + fireSeconds);
    }

    /** Waits until no replica runs a job, and one more period has passed, so the last fire time has its record. */
    private void settleJobs() throws Exception {
        Thread.sleep(fireSeconds * 1000L + 1000);
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            long running = 0;
            try (Connection c = args.connect()) {
                for (String schema : SCHEMA.values()) {
                    running += Counts.of(c, "SELECT count(*) FROM " + schema + ".job_run WHERE outcome = 'running'");
                }
            }
            if (running == 0) {
                return;
            }
            Thread.sleep(500);
        }
        broken.add("a job was still running two minutes after the load ended");
    }

    private void jobs(Instant started, Instant ended) throws Exception {
        Instant first = firstFire(started), last = lastFire(ended);
        BenchTable table = new BenchTable("service", "job", "fire times", "ran once", "on A", "on B", "ran twice",
                "not run (previous run going)", "not run", "failed", "abandoned");
        long fires = 0, once = 0;
        try (Connection c = args.connect()) {
            for (Map.Entry<String, String> service : SCHEMA.entrySet()) {
                String[] instances = {service.getKey() + "-a", service.getKey() + "-b"};
                for (String job : jobsOf(service.getKey())) {
                    Map<Instant, List<String[]>> runs = new TreeMap<>();
                    List<Instant[]> spans = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("SELECT scheduled_for, instance, outcome, started_at, "
                            + "coalesce(finished_at, 'infinity') FROM " + service.getValue() + ".job_run "
                            + "WHERE job = ? AND trigger = 'schedule' AND started_at >= ? ORDER BY started_at")) {
                        ps.setString(1, job);
                        ps.setTimestamp(2, Timestamp.from(started));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                Timestamp finished = rs.getTimestamp(5);
                                spans.add(new Instant[]{rs.getTimestamp(4).toInstant(),
                                        finished.getTime() > 32503680000000L ? Instant.MAX : finished.toInstant()});
                                if (rs.getTimestamp(1) != null) {
                                    runs.computeIfAbsent(rs.getTimestamp(1).toInstant(), at -> new ArrayList<>())
                                            .add(new String[]{rs.getString(2), rs.getString(3)});
                                }
                            }
                        }
                    }
                    long jobFires = 0, ranOnce = 0, twice = 0, busy = 0, missed = 0, failed = 0, abandoned = 0;
                    long[] on = new long[2];
                    for (Instant fire = first; !fire.isAfter(last); fire = fire.plusSeconds(fireSeconds)) {
                        jobFires++;
                        List<String[]> ran = runs.getOrDefault(fire, List.of());
                        if (ran.size() == 1) {
                            ranOnce++;
                            String[] run = ran.get(0);
                            for (int r = 0; r < 2; r++) {
                                on[r] += run[0].equals(instances[r]) ? 1 : 0;
                            }
                            failed += run[1].equals("failed") ? 1 : 0;
                            abandoned += run[1].equals("abandoned") ? 1 : 0;
                        } else if (ran.size() > 1) {
                            twice++;
                        } else {
                            Instant at = fire;
                            // A run that started before this fire time and had not finished by then.
                            boolean going = spans.stream().anyMatch(s -> s[0].isBefore(at) && s[1].isAfter(at));
                            busy += going ? 1 : 0;
                            missed += going ? 0 : 1;
                        }
                    }
                    fires += jobFires;
                    once += ranOnce;
                    table.row(service.getKey(), job, jobFires, ranOnce, on[0], on[1], twice, busy, missed, failed, abandoned);
                    if (twice > 0) {
                        broken.add(job + " ran twice for " + twice + " fire times");
                    }
                    if (missed > 0) {
                        broken.add(job + " did not run for " + missed + " fire times, and no run of it was going then");
                    }
                    if (failed > 0) {
                        broken.add(job + " failed " + failed + " times");
                    }
                    if (ranOnce == 0) {
                        broken.add(job + " never ran");
                    }
                }
            }
        }
        table.print();
        System.out.printf("%d fire times, %d ran exactly once%n", fires, once);
    }

    /** Every maintenance job the service has, as its admin surface lists them: each must have run. */
    private List<String> jobsOf(String service) throws Exception {
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : expect(200, send("GET", url(service, 1) + "/admin/jobs", "Bearer " + args.require("admin-token"), null))) {
            jobs.add(job.get("name").asText());
        }
        return jobs;
    }

    // ---------------------------------------------------------------------------------------------
    // The inspection race, across replicas.

    private Map<String, Object> inspectionRace(int rounds, int racers) throws Exception {
        String[] inspectors = new String[racers];
        for (int i = 0; i < racers; i++) {
            inspectors[i] = token("replica-inspector-" + i, Roles.INSPECTOR);
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        long sessionWinners = 0, scheduleWinners = 0, losersNamingWinner = 0, others = 0;
        List<Long> aeds = new ArrayList<>();
        Instant base = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        try {
            for (int round = 0; round < rounds; round++) {
                String serial = "replica-" + runId + "-" + round;
                JsonNode aed = expect(201, send("POST", url(INSPECTION, round % 2) + "/api/aeds", manager,
                        "{\"equipmentSerial\":\"" + serial + "\"}"));
                long aedId = aed.get("id").asLong();
                aeds.add(aedId);
                List<HttpResponse<String>> starts = race(pool, racers, i -> send("POST", url(INSPECTION, i % 2)
                        + "/api/inspections/sessions", inspectors[i], "{\"equipmentSerial\":\"" + serial + "\"}"));
                Instant at = base.plus(round, ChronoUnit.HOURS);
                List<HttpResponse<String>> schedules = race(pool, racers, i -> send("POST", url(INSPECTION, i % 2) + "/api/schedules",
                        inspectors[i], "{\"aedDataId\":" + aedId + ",\"scheduledFor\":\"" + at.plus(3L * i, ChronoUnit.MINUTES) + "\"}"));
                long[] s = winnerAndLosers(starts, "id", "activeSessionId");
                long[] t = winnerAndLosers(schedules, "id", "conflictingScheduleId");
                sessionWinners += s[0];
                scheduleWinners += t[0];
                losersNamingWinner += s[1] + t[1];
                others += s[2] + t[2];
            }
        } finally {
            pool.shutdownNow();
        }
        long openSessions, liveSchedules, aedsWithOneOfEach;
        try (Connection c = args.connect()) {
            Long[] ids = aeds.toArray(Long[]::new);
            openSessions = Counts.of(c, "SELECT count(*) FROM aedpics.inspection_sessions s JOIN aedpics.aed_data a "
                    + "ON a.equipment_serial = s.equipment_serial WHERE a.id = ANY (?) AND s.status IN ('active', 'paused')",
                    (Object) c.createArrayOf("bigint", ids));
            liveSchedules = Counts.of(c, "SELECT count(*) FROM aedpics.inspection_schedules WHERE aed_data_id = ANY (?) "
                    + "AND status = 'scheduled'", (Object) c.createArrayOf("bigint", ids));
            aedsWithOneOfEach = Counts.of(c, """
                    SELECT count(*) FROM aedpics.aed_data a WHERE a.id = ANY (?)
                       AND (SELECT count(*) FROM aedpics.inspection_sessions s
                             WHERE s.equipment_serial = a.equipment_serial AND s.status IN ('active', 'paused')) = 1
                       AND (SELECT count(*) FROM aedpics.inspection_schedules h WHERE h.aed_data_id = a.id AND h.status = 'scheduled') = 1""",
                    (Object) c.createArrayOf("bigint", ids));
        }
        long losers = 2L * rounds * (racers - 1);
        if (sessionWinners != rounds || scheduleWinners != rounds) {
            broken.add("inspection race: " + sessionWinners + " session and " + scheduleWinners + " schedule winners in " + rounds + " rounds");
        }
        if (losersNamingWinner != losers || others > 0) {
            broken.add("inspection race: " + losersNamingWinner + " of " + losers + " losers got a 409 naming the winner, "
                    + others + " other answers");
        }
        if (aedsWithOneOfEach != rounds) {
            broken.add("inspection race: " + aedsWithOneOfEach + " of " + rounds + " AEDs hold one open session and one schedule");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("inspection race: rounds, " + racers + " inspectors each, half through each replica", rounds);
        figures.put("  session winners / schedule winners", sessionWinners + " / " + scheduleWinners);
        figures.put("  losers answered 409 naming the winner, of " + losers, losersNamingWinner);
        figures.put("  other answers", others);
        figures.put("  open sessions / live schedules stored", openSessions + " / " + liveSchedules);
        return figures;
    }

    private interface Request {
        HttpResponse<String> send(int i) throws Exception;
    }

    /** All at once: each racer waits at the gate, then sends. */
    private static List<HttpResponse<String>> race(ExecutorService pool, int racers, Request request) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int racer = i;
            sent.add(pool.submit((Callable<HttpResponse<String>>) () -> {
                gate.await();
                return request.send(racer);
            }));
        }
        gate.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> f : sent) {
            answers.add(f.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    /** {winners, 409s naming the one winner, anything else}. */
    private static long[] winnerAndLosers(List<HttpResponse<String>> answers, String idField, String conflictField) throws IOException {
        List<String> winners = new ArrayList<>();
        for (HttpResponse<String> a : answers) {
            if (a.statusCode() == 201) {
                winners.add(JSON.readTree(a.body()).get(idField).asText());
            }
        }
        long naming = 0, other = 0;
        for (HttpResponse<String> a : answers) {
            if (a.statusCode() == 409 && winners.size() == 1
                    && winners.get(0).equals(JSON.readTree(a.body()).path(conflictField).asText())) {
                naming++;
            } else if (a.statusCode() != 201) {
                other++;
            }
        }
        return new long[]{winners.size(), naming, other};
    }

    // ---------------------------------------------------------------------------------------------
    // The pipeline: both replicas' workers claim from one queue.

    private Map<String, Object> pipeline(int jobs) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(expect(202, send("POST", url(MATCHING, i % 2) + "/api/matching/pipeline/jobs", matchingOperator,
                    "{\"type\":\"RECOMMEND\"}")).get("jobId").asLong());
        }
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Long> claimedBy = new TreeMap<>();
        long succeeded = 0, once = 0;
        while (System.currentTimeMillis() < deadline) {
            claimedBy.clear();
            succeeded = 0;
            once = 0;
            try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT status, attempts, claimed_by FROM mlops.pipeline_jobs WHERE id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals("succeeded")) {
                            succeeded++;
                            once += rs.getInt(2) == 1 ? 1 : 0;
                            // A worker claims as HOSTNAME/its own id.
                            claimedBy.merge(rs.getString(3).split("/")[0], 1L, Long::sum);
                        }
                    }
                }
            }
            if (succeeded == jobs) {
                break;
            }
            Thread.sleep(250);
        }
        if (succeeded != jobs || once != jobs) {
            broken.add("pipeline: " + succeeded + " of " + jobs + " jobs succeeded, " + once + " on their first attempt");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("pipeline jobs queued, half through each replica", jobs);
        figures.put("  succeeded on the first attempt", once);
        figures.put("  claimed by replica", claimedBy.toString());
        return figures;
    }

    // ---------------------------------------------------------------------------------------------
    // Online status across replicas.

    private final class OnlineCheck {
        final Map<String, Object> figures = new LinkedHashMap<>();
        /** Sockets on A closed by their devices, on B kept, on A kept until A is killed. */
        final List<Socket> closed = new ArrayList<>(), kept = new ArrayList<>(), killed = new ArrayList<>();
        final Duration window = Duration.parse(args.get("online-window", "PT8S"));
        final Duration heartbeat = Duration.ofSeconds(args.integer("heartbeat-seconds", 2));

        void beforeTheKill() throws Exception {
            for (int i = 0; i < ONLINE_SOCKETS; i++) {
                closed.add(new Socket("replica-online-closed-" + runId + "-" + i, 0));
                kept.add(new Socket("replica-online-kept-" + runId + "-" + i, 1));
                killed.add(new Socket("replica-online-killed-" + runId + "-" + i, 0));
            }
            // Past the window: what keeps them online now is their replica's heartbeat alone.
            Thread.sleep(window.plus(heartbeat).toMillis() + 1000);
            expectOnline("connected to A or B, read through each replica", all(), true, 0, 1);
            for (Socket s : closed) {
                s.close();
            }
            Thread.sleep(window.plus(heartbeat.multipliedBy(2)).toMillis());
            expectOnline("socket closed on A, read through each replica", closed, false, 0, 1);
            expectOnline("still connected to B, read through each replica", kept, true, 0, 1);
        }

        void afterTheKill() throws Exception {
            Thread.sleep(window.plus(heartbeat.multipliedBy(2)).toMillis());
            expectOnline("connected to A when it was killed, read through B", killed, false, 1);
            expectOnline("still connected to B, read through B", kept, true, 1);
            for (Socket s : kept) {
                s.close();
            }
        }

        private List<Socket> all() {
            List<Socket> all = new ArrayList<>(closed);
            all.addAll(kept);
            all.addAll(killed);
            return all;
        }

        private void expectOnline(String what, List<Socket> sockets, boolean online, int... through) throws Exception {
            long right = 0, reads = 0;
            for (Socket s : sockets) {
                for (int replica : through) {
                    reads++;
                    JsonNode device = expect(200, send("GET", url(DEVICE, replica) + "/api/devices/" + s.device, operator, null));
                    right += device.get("online").asBoolean() == online ? 1 : 0;
                }
            }
            figures.put("online status: " + what + ": " + (online ? "online" : "offline") + ", of " + reads, right);
            if (right != reads) {
                broken.add("online status: " + (reads - right) + " of " + reads + " reads wrong for devices " + what);
            }
        }
    }

    /** A device's socket that sends one batch (so the device exists), then stays silent. */
    private final class Socket {
        final String device;
        final WebSocket socket;

        Socket(String device, int replica) throws Exception {
            this.device = device;
            TextMessages answers = new TextMessages();
            socket = http.newWebSocketBuilder().buildAsync(URI.create(url(DEVICE, replica).replaceFirst("^http", "ws")
                    + "/ws/devices/" + device + "/imu"), answers).get(10, TimeUnit.SECONDS);
            socket.sendText(batchJson(epoch, 0, 5), true).get(10, TimeUnit.SECONDS);
            String answer = answers.next(30, TimeUnit.SECONDS);
            if (answer == null || !answer.startsWith("{\"accepted\"")) {
                throw new IllegalStateException("the first batch of " + device + " was answered " + answer);
            }
        }

        void close() throws Exception {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // SIGKILL of device-service A under IMU load; the clients go to B.

    private Map<String, Object> killDeviceA(ProcessHandle deviceA) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (inFlightToDeviceA.get() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1);
        }
        int inFlight = inFlightToDeviceA.get();
        deviceAAlive.set(false);
        if (!deviceA.destroyForcibly()) {   // SIGKILL: no drain, no goodbye
            throw new IllegalStateException("could not kill pid " + deviceA.pid());
        }
        deviceA.onExit().get(30, TimeUnit.SECONDS);
        System.out.printf("device-service A (pid %d) killed with SIGKILL, %d HTTP batches in flight to it%n", deviceA.pid(), inFlight);
        if (inFlight == 0) {
            broken.add("no HTTP batch was in flight to device-service A when it was killed; the drill proved nothing");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("SIGKILL: HTTP batches in flight to device-service A", inFlight);
        return figures;
    }

    /**
     * Batches of {@value #SAMPLES} samples to the worker's replica; when it does not answer, the same
     * batch to the other, which the worker then stays with.
     */
    private void imuOverHttp(int worker) {
        String device = "replica-imu-" + runId + "-" + worker;
        int home = worker % 2;
        for (int seq = 0; loadRunning.get(); seq++) {
            String body = batchJson(epoch, seq, SAMPLES);
            int replica = home, tries = 0;
            boolean failedOver = false;
            while (true) {
                tries++;
                boolean toA = replica == 0;
                if (toA) {
                    inFlightToDeviceA.incrementAndGet();
                }
                int status;
                try {
                    status = send("POST", url(DEVICE, replica) + "/api/devices/" + device + "/imu", null, body).statusCode();
                } catch (Exception e) {
                    status = -1;
                } finally {
                    if (toA) {
                        inFlightToDeviceA.decrementAndGet();
                    }
                }
                if (status / 100 == 2) {
                    batches.add(new Batch("HTTP", device, seq, replica, tries, failedOver));
                    home = replica;
                    break;
                }
                if ((status == -1 || status == 503) && tries < 20) {
                    if (replica == 0 && !deviceAAlive.get() || status == -1) {
                        failedOver |= replica == home;
                        replica = 1 - replica;
                    }
                    sleep(100);
                    continue;
                }
                batches.add(new Batch("HTTP", device, seq, -1, tries, failedOver));
                broken.add("an IMU batch of " + device + " was answered " + status + " after " + tries + " tries");
                break;
            }
        }
    }

    /** One device's socket, batch after batch; when the socket dies, the device connects to the other replica and sends again what was not acknowledged. */
    private void imuOverSocket(int worker) {
        String device = "replica-ws-" + runId + "-" + worker;
        int replica = worker % 2, tries = 1;
        boolean failedOver = false;
        TextMessages answers = new TextMessages();
        WebSocket socket = null;
        try {
            for (int seq = 0; loadRunning.get(); ) {
                if (socket == null) {
                    answers = new TextMessages();
                    socket = http.newWebSocketBuilder().buildAsync(URI.create(url(DEVICE, replica).replaceFirst("^http", "ws")
                            + "/ws/devices/" + device + "/imu"), answers).get(10, TimeUnit.SECONDS);
                }
                String answer;
                try {
                    socket.sendText(batchJson(epoch, seq, SAMPLES), true).get(30, TimeUnit.SECONDS);
                    answer = answers.next(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    answer = TextMessages.CLOSED;
                }
                if (answer != null && answer.startsWith("{\"accepted\"")) {
                    batches.add(new Batch("WebSocket", device, seq, replica, tries, failedOver));
                    seq++;
                    tries = 1;
                    failedOver = false;
                } else if (answer == null || answer.equals(TextMessages.CLOSED)) {
                    socket = null;
                    replica = 1 - replica;
                    failedOver = true;
                    if (++tries > 20) {
                        broken.add("the socket of " + device + " could not be reopened on either replica");
                        return;
                    }
                    sleep(100);
                } else {
                    broken.add("an IMU batch on the socket of " + device + " was answered " + answer);
                    return;
                }
            }
        } catch (Exception e) {
            broken.add("the socket of " + device + " failed: " + e);
        } finally {
            if (socket != null) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    private Map<String, Object> imuFigures() throws Exception {
        List<Batch> all = List.copyOf(batches);
        Map<String, Long> stored = new HashMap<>();
        try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT device_id, (extract(epoch FROM ts - ?::timestamptz) * 1000)::bigint / ? AS seq, count(*)
                  FROM device.imu_data WHERE device_id LIKE ? AND ts >= ?::timestamptz GROUP BY 1, 2""")) {
            ps.setString(1, epoch.toString());
            ps.setInt(2, SAMPLES);
            ps.setString(3, "replica-%-" + runId + "-%");
            ps.setString(4, epoch.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1) + "/" + rs.getLong(2), rs.getLong(3));
                }
            }
        }
        Set<String> acked = new java.util.HashSet<>();
        long lost = 0, byA = 0, byB = 0;
        Map<String, Long> failedOver = new TreeMap<>(Map.of("HTTP", 0L, "WebSocket", 0L));
        for (Batch b : all) {
            if (b.ackedBy() < 0) {
                continue;
            }
            String key = b.device() + "/" + b.seq();
            acked.add(key);
            lost += stored.getOrDefault(key, 0L) == SAMPLES ? 0 : 1;
            byA += b.ackedBy() == 0 ? 1 : 0;
            byB += b.ackedBy() == 1 ? 1 : 0;
            failedOver.merge(b.transport(), b.failedOver() ? 1L : 0L, Long::sum);
        }
        // The online check's devices send one batch of five samples; the load's batches are whole or absent.
        long part = stored.entrySet().stream().filter(e -> !e.getKey().startsWith("replica-online-") && e.getValue() != SAMPLES).count();
        long unackedStored = stored.keySet().stream().filter(k -> !k.startsWith("replica-online-") && !acked.contains(k)).count();
        if (lost > 0) {
            broken.add(lost + " acknowledged IMU batches are not stored whole");
        }
        if (part > 0) {
            broken.add(part + " IMU batches are stored in part or twice");
        }
        failedOver.forEach((transport, n) -> {
            if (n == 0) {
                broken.add("no IMU batch over " + transport + " failed over to B; the drill proved nothing");
            }
        });
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("IMU batches acknowledged (" + SAMPLES + " samples each)", (long) acked.size());
        figures.put("  by A / by B", byA + " / " + byB);
        figures.put("  sent again to B after A did not answer, then acknowledged: HTTP / WebSocket",
                failedOver.get("HTTP") + " / " + failedOver.get("WebSocket"));
        figures.put("  acknowledged, not stored whole (lost)", lost);
        figures.put("  stored in part or twice", part);
        figures.put("  stored whole, never acknowledged (A died before answering)", unackedStored);
        return figures;
    }

    // ---------------------------------------------------------------------------------------------
    // Chat, through both replicas.

    private long chatUser() throws Exception {
        return expect(201, send("POST", url(CHAT, 0) + "/api/chat/users", backend, "{\"name\":\"replica drill\"}")).get("id").asLong();
    }

    /** A session started through one replica, a conversation appended through the other, ended through the first. */
    private void chat(int worker, long user) {
        for (int n = 0; loadRunning.get(); n++) {
            int first = (worker + n) % 2;
            try {
                JsonNode session = expect(201, send("POST", url(CHAT, first) + "/api/chat/sessions", backend,
                        "{\"userId\":" + user + ",\"sessionType\":\"chat\"}"));
                String id = session.get("sessionId").asText();
                chatSessions.add(id);
                chatSessionsAcked.incrementAndGet();
                expect(201, send("POST", url(CHAT, 1 - first) + "/api/chat/sessions/" + id + "/conversations", backend,
                        "{\"inputText\":\"replica " + n + "\",\"responseText\":\"ok\"}"));
                chatConversationsAcked.incrementAndGet();
                expect(200, send("POST", url(CHAT, first) + "/api/chat/sessions/" + id + "/end", backend, null));
            } catch (Exception e) {
                chatFailures.incrementAndGet();
                broken.add("a chat call failed: " + e.getMessage());
                return;
            }
            sleep(20);
        }
    }

    private Map<String, Object> chatFigures() throws Exception {
        long sessions, conversations;
        try (Connection c = args.connect()) {
            Object ids = c.createArrayOf("uuid", chatSessions.stream().map(java.util.UUID::fromString).toArray());
            sessions = Counts.of(c, "SELECT count(*) FROM chatbot.session_master WHERE session_id = ANY (?)", ids);
            conversations = Counts.of(c, "SELECT count(*) FROM chatbot.conversations WHERE session_id = ANY (?)", ids);
        }
        if (sessions != chatSessionsAcked.get() || conversations != chatConversationsAcked.get()) {
            broken.add("chat: " + sessions + " of " + chatSessionsAcked.get() + " sessions and " + conversations + " of "
                    + chatConversationsAcked.get() + " conversations acknowledged are stored");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("chat sessions acknowledged / stored", chatSessionsAcked.get() + " / " + sessions);
        figures.put("chat conversations acknowledged (through the other replica) / stored", chatConversationsAcked.get() + " / " + conversations);
        return figures;
    }

    // ---------------------------------------------------------------------------------------------

    private String url(String service, int replica) {
        return urls.get(service)[replica];
    }

    private String token(String subject, String role) throws Exception {
        return "Bearer " + DevIssuer.token(issuer, subject, Set.of(role), Duration.ofHours(2));
    }

    private HttpResponse<String> send(String method, String url, String token, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Batch {@code seq} of a device: {@code n} samples 1 ms apart from {@code epoch}, its own range of time; the same every time. */
    private static String batchJson(Instant epoch, int seq, int n) {
        return ImuBatchJson.of(epoch.plusMillis((long) seq * SAMPLES), 1, n);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
