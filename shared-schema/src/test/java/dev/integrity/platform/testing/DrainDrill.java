package dev.integrity.platform.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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

    /** One request: which batch, when it started and ended (ms since the drill began), and its answer. */
    private record Sent(int worker, int seq, long start, long end, int status) {
    }

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
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
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "drain-load");
            t.setDaemon(true);
            return t;
        });
        AtomicLong signalled = new AtomicLong(Long.MAX_VALUE);
        for (int w = 0; w < workers; w++) {
            int worker = w;
            pool.submit(() -> load(device, worker, signalled));
        }
        System.out.printf("%d workers sending batches of %d samples; SIGTERM to device-service (pid %d) in 5 s ...%n",
                workers, samples, service.pid());
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
        List<Sent> inFlight = all.stream().filter(s -> s.start() < at && s.end() >= at).toList();
        long finished = inFlight.stream().filter(s -> s.status() == 200).count();
        List<Sent> after = all.stream().filter(s -> s.start() >= at).toList();
        long refused503 = after.stream().filter(s -> s.status() == 503).count();
        long refusedConnection = after.stream().filter(s -> s.status() < 0).count();
        long acceptedAfter = after.stream().filter(s -> s.status() == 200).count();
        long acked = all.stream().filter(s -> s.status() == 200).count();
        long serverErrors = all.stream().filter(s -> s.status() >= 500 && s.status() != 503).count();
        long half = stored.values().stream().filter(n -> n != samples).count();
        long lost = all.stream().filter(s -> s.status() == 200 && stored.getOrDefault(key(s.worker(), s.seq()), 0L) != samples).count();
        long unacknowledgedButStored = all.stream().filter(s -> s.status() != 200 && stored.containsKey(key(s.worker(), s.seq()))).count();

        System.out.println();
        new BenchTable("figure", "value")
                .row("batches sent", (long) all.size())
                .row("acknowledged (200)", acked)
                .row("in flight at SIGTERM", (long) inFlight.size())
                .row("  finished and acknowledged", finished)
                .row("sent after SIGTERM", (long) after.size())
                .row("  refused with 503 while draining", refused503)
                .row("  refused: connection closed", refusedConnection)
                .row("  accepted while draining", acceptedAfter)
                .row("5xx other than 503", serverErrors)
                .row("batches stored in part (half-written)", half)
                .row("acknowledged, not stored (lost)", lost)
                .row("not acknowledged, stored whole", unacknowledgedButStored)
                .row("SIGTERM to exit, s", shutdownSeconds)
                .print();
        Map<Integer, Long> statuses = new TreeMap<>();
        all.forEach(s -> statuses.merge(s.status(), 1L, Long::sum));
        System.out.println("status codes (-1: no answer): " + statuses);

        List<String> broken = new ArrayList<>();
        if (inFlight.isEmpty()) {
            broken.add("no batch was in flight at SIGTERM; the drill proved nothing");
        }
        if (finished != inFlight.size()) {
            broken.add((inFlight.size() - finished) + " of " + inFlight.size() + " batches in flight at SIGTERM were not finished");
        }
        if (half > 0) {
            broken.add(half + " batches are stored in part");
        }
        if (lost > 0) {
            broken.add(lost + " acknowledged batches are missing");
        }
        if (serverErrors > 0) {
            broken.add(serverErrors + " answers were 5xx other than 503");
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
            sent.add(new Sent(worker, seq, start, end, status));
            if (start >= signalled.get() && status < 0) {
                if (refusedSince < 0) {
                    refusedSince = end;
                } else if (end - refusedSince > 1_000) {
                    return;
                }
            }
        }
    }

    /** Batch {@code seq}: {@code samples} samples 1 ms apart, its own range of time; the same every time. */
    private String batchJson(int seq) {
        StringBuilder out = new StringBuilder(samples * 100).append('[');
        for (int k = 0; k < samples; k++) {
            out.append(k == 0 ? "" : ",").append("{\"ts\":\"").append(EPOCH.plusMillis((long) seq * samples + k))
                    .append("\",\"accX\":0.1,\"accY\":0.2,\"accZ\":9.8,\"gyroX\":0,\"gyroY\":0,\"gyroZ\":0}");
        }
        return out.append(']').toString();
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
