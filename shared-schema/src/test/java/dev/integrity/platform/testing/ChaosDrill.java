package dev.integrity.platform.testing;

import dev.integrity.platform.security.Roles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev chaos}: sustained IMU ingestion and session creation; PostgreSQL stopped for 10 s
 * and started again. Checks that readiness goes DOWN within 5 s, that requests during the outage
 * fail fast (within 2 s) with 503 problem+json and Retry-After, never a 500 and never a hang, that
 * all four services are ready within 10 s of PostgreSQL's return without a restart, and that
 * every sample and session acknowledged with a 2xx is in the database afterwards, with retried
 * batches creating no duplicates. Prints sent, acknowledged, failed fast, lost and recovery seconds.
 */
public final class ChaosDrill {

    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\":\"([0-9a-f-]{36})\"");
    private static final int SAMPLES = 50;
    private static final Instant EPOCH = Instant.parse("2026-11-10T00:00:00Z");

    /** One answered (or failed) request. */
    private record Outcome(String path, long startMillis, long millis, int status, boolean problem, boolean retryAfter) {
    }

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<long[]> ackedBatches = Collections.synchronizedList(new ArrayList<>());
    private final List<UUID> ackedSessions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final long t0 = System.currentTimeMillis();
    /** The chatbot's backend, as the chat writes are made; the sensors' batches need no token. */
    private final String backend;

    private ChaosDrill(BenchArgs args) {
        this.backend = args.bearer(Roles.CHAT_BACKEND);
        this.args = args;
    }

    public static void main(String[] args) throws Exception {
        new ChaosDrill(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        Path data = Path.of(args.require("data-dir")).toAbsolutePath();
        String device = args.require("device-service");
        String chat = args.require("chat-session-service");
        List<String> services = List.of(device, chat, args.require("job-matching-service"), args.require("inspection-service"));
        long userId = createUser(chat);

        // Daemon threads: a failed drill must end, not leave its load running.
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "chaos-load");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger batchSeq = new AtomicInteger();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            pool.submit(() -> loop(() -> imuBatch(device, worker, batchSeq.getAndIncrement())));
            pool.submit(() -> loop(() -> startSession(chat, userId)));
        }
        System.out.println("load running; PostgreSQL goes down in 10 s ...");
        Thread.sleep(10_000);

        Path control = Path.of(args.require("postgres-control"));
        long stop = System.currentTimeMillis();
        command(control, "stop");
        waitGone(data);
        long stopped = System.currentTimeMillis();
        System.out.printf("PostgreSQL stopped (%d ms); waiting for readiness to go DOWN ...%n", stopped - stop);
        long down = waitFor(device + "/q/health/ready", 503, 10_000);
        double downSeconds = (down - stopped) / 1000.0;
        Thread.sleep(Math.max(0, 10_000 - (System.currentTimeMillis() - stopped)));

        long start = System.currentTimeMillis();
        command(control, "start");
        long started = System.currentTimeMillis();
        System.out.printf("PostgreSQL started again (%d ms); waiting for the four services ...%n", started - start);
        long allUp = started;
        for (String service : services) {
            allUp = Math.max(allUp, waitFor(service + "/q/health/ready", 200, 30_000));
        }
        double recoverySeconds = (allUp - started) / 1000.0;
        Thread.sleep(10_000);
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        // Retrying acknowledged batches must store nothing twice.
        long before = storedSamples();
        int retried = 0;
        for (long[] b : ackedBatches.subList(0, Math.min(50, ackedBatches.size()))) {
            HttpResponse<String> again = post(device + "/api/devices/chaos-" + b[0] + "/imu", batchJson((int) b[1]));
            if (again.statusCode() / 100 == 2) {
                retried++;
            }
        }
        long afterRetry = storedSamples();

        long ackedSamples = (long) ackedBatches.size() * SAMPLES;
        long stored = before;
        long sessionsFound = storedSessions();
        long outageStart = stopped - t0;
        long outageEnd = started - t0;
        List<Outcome> during = outcomes.stream().filter(o -> o.startMillis() >= outageStart + 500 && o.startMillis() < outageEnd).toList();
        long failedFast = during.stream().filter(o -> o.status() == 503 && o.millis() <= 2000 && o.problem() && o.retryAfter()).count();
        // A request sent in the last moments of the outage may wait for a connection and succeed
        // once PostgreSQL is back: that is fine. Anything else (slow, 500, another error) is not.
        long succeeded = during.stream().filter(o -> o.status() / 100 == 2 && o.millis() <= 2000).count();
        long slow = during.stream().filter(o -> o.millis() > 2000).count();
        long serverErrors = outcomes.stream().filter(o -> o.status() == 500).count();
        long transport = outcomes.stream().filter(o -> o.status() < 0).count();
        long acked = outcomes.stream().filter(o -> o.status() / 100 == 2).count();

        System.out.println();
        new BenchTable("figure", "value")
                .row("requests sent", (long) outcomes.size())
                .row("acknowledged (2xx)", acked)
                .row("sent during the outage", (long) during.size())
                .row("  failed fast: 503 problem+json with Retry-After within 2 s", failedFast)
                .row("  succeeded (PostgreSQL back before they needed it)", succeeded)
                .row("  slower than 2 s", slow)
                .row("500 answers", serverErrors)
                .row("no answer (transport error)", transport)
                .row("samples acknowledged", ackedSamples)
                .row("samples stored", stored)
                .row("sessions acknowledged", (long) ackedSessions.size())
                .row("sessions stored", sessionsFound)
                .row("lost (acknowledged, not stored)", (ackedSamples - Math.min(ackedSamples, stored)) + (ackedSessions.size() - sessionsFound))
                .row("batches retried after recovery / extra rows", (long) retried + " / " + (afterRetry - before))
                .row("readiness DOWN after stop, s", downSeconds)
                .row("all four ready after start, s", recoverySeconds)
                .print();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        outcomes.forEach(o -> statuses.merge(o.status(), 1L, Long::sum));
        System.out.println("status codes: " + statuses);
        Map<String, Long> outage = new java.util.TreeMap<>();
        during.forEach(o -> outage.merge(o.path() + " " + o.status() + (o.problem() ? " problem+json" : " other type")
                + (o.retryAfter() ? " Retry-After" : " no Retry-After") + (o.millis() <= 2000 ? " fast" : " slow"), 1L, Long::sum));
        System.out.println("during the outage: " + outage);

        List<String> broken = new ArrayList<>();
        if (downSeconds > 5) {
            broken.add("readiness went DOWN after " + downSeconds + " s (limit 5)");
        }
        if (failedFast == 0 || failedFast + succeeded != during.size()) {
            broken.add((during.size() - failedFast - succeeded) + " of " + during.size()
                    + " outage requests neither failed fast with 503 problem+json and Retry-After nor succeeded");
        }
        if (serverErrors > 0) {
            broken.add(serverErrors + " answers were 500");
        }
        if (recoverySeconds > 10) {
            broken.add("ready again after " + recoverySeconds + " s (limit 10)");
        }
        if (stored < ackedSamples || sessionsFound < ackedSessions.size()) {
            broken.add("acknowledged data was lost");
        }
        if (afterRetry != before) {
            broken.add("retried batches stored " + (afterRetry - before) + " extra rows");
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("chaos drill failed: " + String.join("; ", broken));
        }
        System.out.println("chaos drill passed");
    }

    private interface Call {
        void run() throws Exception;
    }

    private void loop(Call call) {
        while (running.get()) {
            try {
                call.run();
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // recorded by the call itself
            }
        }
    }

    private void imuBatch(String device, int worker, int seq) throws Exception {
        HttpResponse<String> r = timed("/api/devices/{id}/imu", () -> post(device + "/api/devices/chaos-" + worker + "/imu", batchJson(seq)));
        if (r != null && r.statusCode() / 100 == 2) {
            ackedBatches.add(new long[]{worker, seq});
        }
    }

    private void startSession(String chat, long userId) throws Exception {
        HttpResponse<String> r = timed("/api/chat/sessions", () -> post(chat + "/api/chat/sessions",
                "{\"userId\":" + userId + ",\"sessionType\":\"chat\"}"));
        if (r != null && r.statusCode() == 201) {
            Matcher m = SESSION_ID.matcher(r.body());
            if (m.find()) {
                ackedSessions.add(UUID.fromString(m.group(1)));
            }
        }
    }

    private interface Send {
        HttpResponse<String> send() throws Exception;
    }

    private HttpResponse<String> timed(String path, Send send) {
        long s = System.currentTimeMillis();
        try {
            HttpResponse<String> r = send.send();
            outcomes.add(new Outcome(path, s - t0, System.currentTimeMillis() - s, r.statusCode(),
                    r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    r.headers().firstValue("Retry-After").isPresent()));
            return r;
        } catch (Exception e) {
            outcomes.add(new Outcome(path, s - t0, System.currentTimeMillis() - s, -1, false, false));
            return null;
        }
    }

    /** Batch {@code seq} of a worker's device: the same samples every time it is sent. */
    private static String batchJson(int seq) {
        return ImuBatchJson.of(EPOCH.plusMillis(10L * seq * SAMPLES), 10, SAMPLES);
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", backend)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long createUser(String chat) throws Exception {
        HttpResponse<String> r = post(chat + "/api/chat/users", "{\"name\":\"chaos\"}");
        return Long.parseLong(r.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
    }

    /** Polls until the URL answers the status; returns when (epoch millis). */
    private long waitFor(String url, int status, long limitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + limitMillis;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == status) {
                    return System.currentTimeMillis();
                }
            } catch (IOException e) {
                // not answering yet
            }
            Thread.sleep(100);
        }
        return deadline;
    }

    /**
     * Tells the launcher's PostgreSQL (DevPostgres) to stop or start, through the pipe its standard
     * input reads: a fast shutdown (sessions ended, nothing committed lost), then the same server
     * on the same data directory and port.
     */
    private static void command(Path control, String what) throws IOException {
        Files.writeString(control, what + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** Waits until the postmaster has exited (its pid file is gone). */
    private static void waitGone(Path data) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (Files.exists(data.resolve("postmaster.pid")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    private long storedSamples() throws Exception {
        try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM device.imu_data WHERE device_id LIKE 'chaos-%'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long storedSessions() throws Exception {
        try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM chatbot.session_master WHERE session_id = ANY (?)")) {
            Array ids = c.createArrayOf("uuid", ackedSessions.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
