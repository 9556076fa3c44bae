package dev.integrity.device.bench;

import dev.integrity.device.Samples;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.FixedRateLoad;
import dev.integrity.platform.testing.Latencies;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./dev drill locks}: does partition upkeep stall ingestion? IMU batches at a fixed rate
 * (200 batches/s of 50 samples, 40 devices, open loop) after a 20 s warm-up, for a phase alone, then for a phase while
 * (1) an export is read slowly for 60 s, (2) an analyst's query holds a transaction on
 * {@code imu_data} (ACCESS SHARE on it and every partition) open for the phase, (3) every few
 * seconds a late batch needs a daily partition that does not exist yet, and (4) retention retires
 * old partitions (its DETACH CONCURRENTLY waits for the analyst). Prints p50 and p99 of the batches of each phase and the ratio
 * (goal: within 1.5x), what the late batches and retention took, and fails when a batch of the
 * steady load was refused.
 */
public final class ImuLockDrill {

    private final BenchArgs args;
    private final String base;
    private final int rate;
    private final int seconds;
    private final int devices;
    private final int samples;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final AtomicLong sequence = new AtomicLong();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private ImuLockDrill(BenchArgs args) {
        this.args = args;
        base = args.require("base");
        rate = args.integer("rate", 200);
        seconds = args.integer("seconds", 60);
        devices = args.integer("devices", 40);
        samples = args.integer("samples", 50);
        upkeep = List.of(args.get("upkeep", "export,reader,late,retire").split(","));
    }

    /** What runs beside the second phase ({@code --upkeep}): any of export, reader, late, retire. */
    private final List<String> upkeep;

    public static void main(String[] args) throws Exception {
        new ImuLockDrill(new BenchArgs(args)).drill();
    }

    private void drill() throws Exception {
        String exported = "lockdrill-" + run + "-export";
        System.out.printf("preparing: %d devices, 200,000 samples for the export, 10 partitions past retention ...%n", devices);
        for (int d = 0; d < devices; d++) {
            post(device(d), Samples.json(samples, next()));
        }
        Instant exportStart = Instant.now().minus(2, ChronoUnit.HOURS);
        for (int b = 0; b < 20; b++) {
            post(exported, Samples.json(10_000, exportStart.plusSeconds(100L * b)));
        }
        List<String> expired = expiredPartitions(10);

        Latencies alone;
        Latencies during;
        Latencies late = new Latencies();
        List<String> lateFailures = new ArrayList<>();
        String retention;
        long exportedBytes;
        double exportSeconds;
        double oldestTransaction;
        double readerSeconds;
        try (FixedRateLoad load = new FixedRateLoad(base, 16)) {
            load.run("warm-up", rate, 20, i -> FixedRateLoad.Call.post("/api/devices/" + device(i % devices) + "/imu",
                    Samples.json(samples, next())), 200, null);
            alone = steady(load, "alone").latencies();

            // The export, read slowly: its transaction (and its AccessShare locks) stay open throughout.
            CompletableFuture<Double> reader = upkeep.contains("reader") ? CompletableFuture.supplyAsync(this::longRead)
                    : CompletableFuture.completedFuture(0.0);
            CompletableFuture<long[]> export = upkeep.contains("export") ? CompletableFuture.supplyAsync(() -> slowExport(exported))
                    : CompletableFuture.completedFuture(new long[]{0, 0});
            Thread.sleep(2_000);
            // Late batches: each needs a daily partition that does not exist, 20 to 29 days back.
            AtomicInteger day = new AtomicInteger(20);
            CompletableFuture<Void> lateBatches = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < (upkeep.contains("late") ? 10 : 0); i++) {
                    sleep(seconds * 1_000L / 12);
                    Instant at = Instant.now().minus(day.getAndIncrement(), ChronoUnit.DAYS);
                    long t0 = System.nanoTime();
                    int status = post("lockdrill-" + run + "-late-" + i, Samples.json(samples, at));
                    late.record(System.nanoTime() - t0);
                    if (status != 200) {
                        lateFailures.add(status + " for " + at);
                    }
                }
            });
            CompletableFuture<String> retire = !upkeep.contains("retire") ? CompletableFuture.completedFuture("not run")
                    : CompletableFuture.supplyAsync(() -> {
                sleep(seconds * 1_000L / 3);
                long t0 = System.nanoTime();
                String answer = retention();
                return String.format("%s after %.1f s", answer, (System.nanoTime() - t0) / 1e9);
            });
            CompletableFuture<Double> watched = CompletableFuture.supplyAsync(this::oldestTransactionSeconds);
            FixedRateLoad.Result result = steady(load, "during upkeep");
            oldestTransaction = watched.join();
            during = result.latencies();
            lateBatches.join();
            long[] exportFigures = export.join();
            exportedBytes = exportFigures[0];
            exportSeconds = exportFigures[1] / 1e9;
            retention = retire.join();
            readerSeconds = reader.join();
            if (result.failed() > 0) {
                throw new IllegalStateException("steady batches refused during upkeep: " + result.statuses());
            }
        }
        long left = remaining(expired);

        BenchTable table = new BenchTable("IMU batches (" + rate + "/s, " + samples + " samples)", "batches", "p50 ms", "p99 ms", "max ms");
        table.row("alone", (long) alone.count(), alone.percentileMillis(50), alone.percentileMillis(99), alone.percentileMillis(100));
        table.row("during export + partitions created and retired", (long) during.count(), during.percentileMillis(50),
                during.percentileMillis(99), during.percentileMillis(100));
        table.row("late batches (each needing a new partition)", (long) late.count(), late.percentileMillis(50), late.percentileMillis(99),
                late.percentileMillis(100));
        table.print();
        double ratio = during.percentileMillis(99) / alone.percentileMillis(99);
        System.out.printf("p99 during / alone: %.2f (goal: within 1.5)%n", ratio);
        System.out.printf("export: %,d bytes read over %.1f s; the service's own oldest open transaction reached %.1f s%n", exportedBytes,
                exportSeconds, oldestTransaction);
        System.out.printf("upkeep beside the second phase: %s%n", String.join(", ", upkeep));
        System.out.printf("an analyst's read held imu_data (every partition, ACCESS SHARE) open for %.1f s%n", readerSeconds);
        System.out.printf("late batches: %d of %d stored%s%n", late.count() - lateFailures.size(), late.count(),
                lateFailures.isEmpty() ? "" : ", refused: " + lateFailures);
        System.out.printf("retention: %s; %d of %d expired partitions left%n", retention, left, expired.size());
        if (!lateFailures.isEmpty() || (upkeep.contains("retire") && left > 0)) {
            throw new IllegalStateException("a late batch was refused or retention left partitions behind");
        }
    }

    private FixedRateLoad.Result steady(FixedRateLoad load, String name) throws InterruptedException {
        return load.run(name, rate, seconds, i -> FixedRateLoad.Call.post("/api/devices/" + device(i % devices) + "/imu",
                Samples.json(samples, next())), 200, null);
    }

    private String device(int d) {
        return "lockdrill-" + run + "-" + d;
    }

    /**
     * A start time no batch has used, ahead of the drill's start (within device.max-future, in
     * today's or tomorrow's premade partition): batches of the steady load never collide.
     */
    private Instant next() {
        return began.plusMillis(10L * samples * sequence.getAndIncrement());
    }

    private final Instant began = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private int post(String device, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/" + device + "/imu"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("posting a batch failed", e);
        }
    }

    /** Reads the export at about 64 KB/s for {@code seconds}, then hangs up: bytes read and nanoseconds. */
    private long[] slowExport(String device) {
        long t0 = System.nanoTime();
        long bytes = 0;
        try {
            HttpResponse<InputStream> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/" + device + "/imu?format=csv"))
                    .header("Authorization", args.bearer("device-operator")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the export answered " + answer.statusCode());
            }
            try (InputStream in = answer.body()) {
                byte[] chunk = new byte[6_400];
                long until = t0 + Duration.ofSeconds(seconds).toNanos();
                int n;
                while (System.nanoTime() < until && (n = in.read(chunk)) > 0) {
                    bytes += n;
                    sleep(100);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the export failed", e);
        }
        return new long[]{bytes, System.nanoTime() - t0};
    }

    /**
     * An analyst's long query, outside the service: a transaction that reads {@code imu_data} (and so
     * holds ACCESS SHARE on it and every partition) and stays open for the phase.
     */
    private double longRead() {
        long t0 = System.nanoTime();
        try (Connection c = args.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM device.imu_data /* analyst */")) {
                rs.next();
            }
            sleep(seconds * 1_000L - 3_000);
            c.rollback();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the long read failed", e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The age of the oldest open transaction of the service's role, sampled each second through the phase. */
    private double oldestTransactionSeconds() {
        double oldest = 0;
        try (Connection c = args.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < seconds; i++) {
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(extract(epoch FROM now() - xact_start)), 0) FROM pg_stat_activity "
                        + "WHERE usename = 'device_service_app' AND xact_start IS NOT NULL")) {
                    rs.next();
                    oldest = Math.max(oldest, rs.getDouble(1));
                }
                sleep(1_000);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("watching the transactions failed", e);
        }
        return oldest;
    }

    private String retention() {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/jobs/imu-retention/run"))
                    .header("Authorization", "Bearer " + args.require("admin-token")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = answer.body();
            int rows = body.indexOf("\"rowsAffected\":");
            return answer.statusCode() + (rows < 0 ? "" : ", " + body.substring(rows, Math.min(body.length(), body.indexOf(',', rows))));
        } catch (Exception e) {
            throw new IllegalStateException("running retention failed", e);
        }
    }

    /** Daily partitions past the 365-day retention, made as the schema's owner would have kept them. */
    private List<String> expiredPartitions(int count) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = args.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT partition_name FROM device.partition_ensure('device.imu_data', ?)")) {
            for (int i = 0; i < count; i++) {
                ps.setObject(1, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusDays(380 + i));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private long remaining(List<String> partitions) throws Exception {
        try (Connection c = args.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT partition_name FROM device.partition_list('device.imu_data')")) {
            long left = 0;
            while (rs.next()) {
                left += partitions.contains(rs.getString(1)) ? 1 : 0;
            }
            return left;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
