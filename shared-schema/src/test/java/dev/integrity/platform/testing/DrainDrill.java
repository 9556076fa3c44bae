package dev.integrity.platform.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./dev drain}: SIGTERM to device-service in the middle of sustained IMU ingestion. Checks
 * that every batch in flight when the signal arrived is finished and acknowledged (the service
 * drains for {@code quarkus.shutdown.timeout}), that nothing acknowledged is lost, and that the
 * database never holds part of a batch: each batch sent, whatever became of its request, is in
 * the table whole or not at all. Prints batches sent, in flight at SIGTERM, finished, refused,
 * half-written (must be 0), lost (must be 0) and how long the shutdown took.
 */
public final class DrainDrill {

    private static final Instant EPOCH = Instant.parse("2026-11-12T00:00:00Z");

    /**
     * One batch sent: over which transport, which worker and batch, when it left and when it was
     * answered (ms since the drill began), and the answer: an HTTP status, the status of a
     * WebSocket problem message (200 for an ack), or -1 for none (the connection ended).
     */
    private record Sent(String transport, int worker, int seq, long start, long end, int status) {
    }

    private static final String HTTP = "HTTP", WEBSOCKET = "WebSocket";
    /** WebSocket workers' devices are numbered from here, HTTP workers' from 0. */
    private static final int FIRST_SOCKET_WORKER = 100;

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    /** Each WebSocket worker's close: the code the server sent (-1: none, the connection dropped), and when. */
    private final Map<Integer, long[]> closes = new ConcurrentHashMap<>();
    private final long t0 = System.currentTimeMillis();
    private final int samples;

    private DrainDrill(BenchArgs args) {
        this.args = args;
        this.samples = args.integer("samples", 2000);
    }

    public static void main(String[] args) throws Exception {
        new DrainDrill(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        String device = args.require("device-service");
        ProcessHandle service = ProcessHandle.of(Long.parseLong(args.require("device-service-pid")))
                .orElseThrow(() -> new IllegalStateException("device-service is not running"));
        int workers = args.integer("workers", 8);
        int sockets = args.integer("sockets", 2);
        ExecutorService pool = Executors.newFixedThreadPool(workers + sockets, r -> {
            Thread t = new Thread(r, "drain-load");
            t.setDaemon(true);
            return t;
        });
        AtomicLong signalled = new AtomicLong(Long.MAX_VALUE);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> load(device, worker, signalled));
        }
        for (int w = 0; w < sockets; w++) {
            int worker = FIRST_SOCKET_WORKER + w;
            pool.submit(() -> stream(device, worker));
        }
        System.out.printf("%d HTTP workers and %d WebSocket workers sending batches of %d samples; "
                + "SIGTERM to device-service (pid %d) in 5 s ...%n", workers, sockets, samples, service.pid());
        Thread.sleep(5_000);

        signalled.set(System.currentTimeMillis() - t0);
        long signalledAt = System.currentTimeMillis();
        if (!service.destroy()) {   // SIGTERM, as Kubernetes sends it
            throw new IllegalStateException("could not signal pid " + service.pid());
        }
        service.onExit().get(90, TimeUnit.SECONDS);
        double shutdownSeconds = (System.currentTimeMillis() - signalledAt) / 1000.0;
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the load did not stop after the service exited");
        }

        long at = signalled.get();
        Map<Long, Long> stored = storedPerBatch();
        List<Sent> all = List.copyOf(sent);
        List<String> broken = new ArrayList<>();
        long half = stored.values().stream().filter(n -> n != samples).count();
        BenchTable table = new BenchTable("figure", HTTP, WEBSOCKET);
        Map<String, List<Sent>> byTransport = Map.of(HTTP, all.stream().filter(s -> s.transport().equals(HTTP)).toList(),
                WEBSOCKET, all.stream().filter(s -> s.transport().equals(WEBSOCKET)).toList());
        Map<String, long[]> figures = new LinkedHashMap<>();
        for (String transport : List.of(HTTP, WEBSOCKET)) {
            List<Sent> batches = byTransport.get(transport);
            List<Sent> inFlight = batches.stream().filter(s -> s.start() < at && s.end() >= at).toList();
            long finished = inFlight.stream().filter(s -> s.status() == 200).count();
            List<Sent> after = batches.stream().filter(s -> s.start() >= at).toList();
            long lost = batches.stream().filter(s -> s.status() == 200 && stored.getOrDefault(key(s.worker(), s.seq()), 0L) != samples).count();
            figures.put(transport, new long[]{
                    batches.size(),
                    batches.stream().filter(s -> s.status() == 200).count(),
                    inFlight.size(),
                    finished,
                    after.size(),
                    after.stream().filter(s -> s.status() == 503).count(),
                    after.stream().filter(s -> s.status() < 0).count(),
                    after.stream().filter(s -> s.status() == 200).count(),
                    batches.stream().filter(s -> s.status() >= 500 && s.status() != 503).count(),
                    lost,
                    batches.stream().filter(s -> s.status() != 200 && stored.containsKey(key(s.worker(), s.seq()))).count()});
            if (inFlight.isEmpty()) {
                broken.add("no " + transport + " batch was in flight at SIGTERM; the drill proved nothing");
            }
            if (finished != inFlight.size()) {
                broken.add((inFlight.size() - finished) + " of " + inFlight.size() + " " + transport
                        + " batches in flight at SIGTERM were not finished");
            }
            if (lost > 0) {
                broken.add(lost + " acknowledged " + transport + " batches are missing");
            }
            long serverErrors = figures.get(transport)[8];
            if (serverErrors > 0) {
                broken.add(serverErrors + " " + transport + " answers were 5xx other than 503");
            }
        }
        String[] labels = {"batches sent", "acknowledged", "in flight at SIGTERM", "  finished and acknowledged",
                "sent after SIGTERM", "  refused with 503 while draining", "  refused: connection closed",
                "  accepted while draining", "5xx other than 503", "acknowledged, not stored (lost)",
                "not acknowledged, stored whole"};
        for (int i = 0; i < labels.length; i++) {
            table.row(labels[i], figures.get(HTTP)[i], figures.get(WEBSOCKET)[i]);
        }
        long goingAway = closes.values().stream().filter(c -> c[0] == 1001).count();
        double slowestClose = closes.values().stream().mapToLong(c -> c[1] - at).max().orElse(-1) / 1000.0;
        if (goingAway != sockets) {
            broken.add((sockets - goingAway) + " of " + sockets + " sockets were not closed with 1001 (going away): " + closes.values()
                    .stream().map(c -> Long.toString(c[0])).toList());
        } else if (slowestClose > 5) {
            broken.add("the last socket was closed " + slowestClose + " s after SIGTERM (limit 5)");
        }
        System.out.println();
        table.row("sockets closed with 1001, of " + sockets, "", goingAway)
                .row("  the last, s after SIGTERM", "", slowestClose)
                .row("batches stored in part (half-written), both", half, "")
                .row("SIGTERM to exit, s", shutdownSeconds, "")
                .print();
        Map<String, Long> statuses = new TreeMap<>();
        all.forEach(s -> statuses.merge(s.transport() + " " + s.status(), 1L, Long::sum));
        System.out.println("answers (-1: none, the connection ended): " + statuses);

        if (half > 0) {
            broken.add(half + " batches are stored in part");
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("drain drill failed: " + String.join("; ", broken));
        }
        System.out.println("drain drill passed");
    }

    /** Sends batches until the service stops answering for good (a second of refused connections). */
    private void load(String device, int worker, AtomicLong signalled) {
        long refusedSince = -1;
        for (int seq = 0; ; seq++) {
            long start = System.currentTimeMillis() - t0;
            int status;
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(device + "/api/devices/drain-" + worker + "/imu"))
                                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(batchJson(seq))).build(),
                        HttpResponse.BodyHandlers.discarding());
                status = r.statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                return;
            }
            long end = System.currentTimeMillis() - t0;
            sent.add(new Sent(HTTP, worker, seq, start, end, status));
            if (start >= signalled.get() && status < 0) {
                if (refusedSince < 0) {
                    refusedSince = end;
                } else if (end - refusedSince > 1_000) {
                    return;
                }
            }
        }
    }

    /**
     * One device's socket: sends a batch, waits for its answer, sends the next, until the
     * connection ends (the service has gone).
     */
    private void stream(String device, int worker) {
        TextMessages answers = new TextMessages();
        WebSocket socket;
        try {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(device.replaceFirst("^http", "ws")
                    + "/ws/devices/drain-" + worker + "/imu"), answers).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not open the WebSocket of drain-" + worker, e);
        }
        for (int seq = 0; ; seq++) {
            long start = System.currentTimeMillis() - t0;
            String answer;
            try {
                socket.sendText(batchJson(seq), true).get(60, TimeUnit.SECONDS);
                answer = answers.next(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                answer = TextMessages.CLOSED;
            }
            int status = answer == null || answer.equals(TextMessages.CLOSED) ? -1
                    : answer.startsWith("{\"accepted\"") ? 200 : statusOf(answer);
            sent.add(new Sent(WEBSOCKET, worker, seq, start, System.currentTimeMillis() - t0, status));
            if (status < 0) {
                closes.put(worker, new long[]{answers.closeCode(), answers.closedAtMillis() < 0 ? -1 : answers.closedAtMillis() - t0});
                return;
            }
        }
    }

    private static int statusOf(String problem) {
        Matcher m = Pattern.compile("\"status\":(\\d+)").matcher(problem);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }


    /** Batch {@code seq}: {@code samples} samples 1 ms apart, its own range of time; the same every time. */
    private String batchJson(int seq) {
        return ImuBatchJson.of(EPOCH.plusMillis((long) seq * samples), 1, samples);
    }

    private static long key(int worker, int seq) {
        return (long) worker << 32 | seq;
    }

    /** Rows stored for each batch, found from the device and the batch's range of time. */
    private Map<Long, Long> storedPerBatch() throws Exception {
        Map<Long, Long> stored = new HashMap<>();
        try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT substr(device_id, 7)::int AS worker,
                       (extract(epoch FROM ts - ?::timestamptz) * 1000)::bigint / ? AS seq, count(*)
                FROM device.imu_data WHERE device_id LIKE 'drain-%' GROUP BY 1, 2""")) {
            ps.setString(1, EPOCH.toString());
            ps.setInt(2, samples);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(key(rs.getInt(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return stored;
    }
}
