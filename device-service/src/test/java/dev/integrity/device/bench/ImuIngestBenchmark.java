package dev.integrity.device.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.Latencies;
import dev.integrity.platform.testing.TextMessages;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./dev bench imu}: 1,000,000 samples from 100 devices through
 * {@code POST /api/devices/{id}/imu} in batches of 1,000 over 4 concurrent connections; the same
 * rows by raw binary COPY into an identical table (same primary key, same foreign key, same daily
 * partitions) in the same run; and the WebSocket path. Prints rows/s of each and the ratio.
 * <p>
 * With {@code --device-keys true} (the launcher then runs device-service with closed provisioning)
 * every device is registered first by a device-operator, and every batch, over HTTP and the
 * WebSocket, carries its device's own key: the admission check a production sensor goes through.
 */
public final class ImuIngestBenchmark {

    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final String base;
    private final BenchArgs args;
    private final int samples;
    private final int devices;
    private final int batch;
    private final int connections;
    private final int wsSamples;
    private final int naiveSamples;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    /** Each registered device's API key (--device-keys); empty when devices are provisioned openly. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    private ImuIngestBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        samples = args.integer("samples", 1_000_000);
        devices = args.integer("devices", 100);
        batch = args.integer("batch", 1_000);
        connections = args.integer("connections", 4);
        wsSamples = args.integer("ws-samples", 200_000);
        naiveSamples = args.integer("seed-samples", 20_000);
    }

    public static void main(String[] args) throws Exception {
        new ImuIngestBenchmark(new BenchArgs(args)).run();
    }

    /** One batch: which device, which samples (by index within the device's stream). */
    private record Batch(String deviceId, int device, int first, int count) {
    }

    private void run() throws Exception {
        int perDevice = samples / devices;
        // 100 devices streaming side by side: each device's batches in order, devices interleaved.
        List<Batch> batches = new ArrayList<>();
        for (int first = 0; first < perDevice; first += batch) {
            for (int d = 0; d < devices; d++) {
                batches.add(new Batch("bench-" + run + "-" + d, d, first, Math.min(batch, perDevice - first)));
            }
        }
        int total = batches.stream().mapToInt(Batch::count).sum();
        System.out.printf("IMU ingestion: %,d samples from %d devices, batches of %,d, %d connections (run %s)%n",
                total, devices, batch, connections, run);

        System.out.println("preparing payloads ...");
        List<byte[]> json = new ArrayList<>(batches.size());
        List<byte[]> copy = new ArrayList<>(batches.size());
        for (Batch b : batches) {
            json.add(json(b));
            copy.add(copyBinary(b));
        }
        prepareRawTable();
        if (args.flag("device-keys")) {
            List<String> ids = new ArrayList<>();
            for (int d = 0; d < devices; d++) {
                ids.add("bench-" + run + "-" + d);
            }
            for (int i = 0; i < 4; i++) {
                ids.add("warmup-" + run + "-" + i);
            }
            for (int w = 0; w < connections; w++) {
                ids.add("wswarm-" + run + "-" + w);
                ids.add("ws-" + run + "-" + w);
            }
            register(ids);
            System.out.printf("registered %d devices as a device-operator; every batch carries its device's key%n", ids.size());
        }

        System.out.println("warming up ...");
        warmUp();

        System.out.println("HTTP POST /api/devices/{id}/imu ...");
        Latencies httpLatency = new Latencies();
        double httpSeconds = parallel(batches.size(), i -> {
            Batch b = batches.get(i);
            long t0 = System.nanoTime();
            post(b.deviceId(), json.get(i));
            httpLatency.record(System.nanoTime() - t0);
        }, true);

        System.out.println("raw COPY into an identical table ...");
        Latencies copyLatency = new Latencies();
        ThreadLocal<Connection> perThread = ThreadLocal.withInitial(this::connect);
        double copySeconds = parallel(batches.size(), i -> {
            long t0 = System.nanoTime();
            Connection c = perThread.get();
            ((PGConnection) c).getCopyAPI().copyIn("COPY bench_raw.imu_data FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(copy.get(i)));
            copyLatency.record(System.nanoTime() - t0);
        }, false);

        System.out.println("the seed's pattern: check the device, then one INSERT per sample ...");
        Latencies naiveLatency = new Latencies();
        int naiveBatches = Math.max(connections, naiveSamples / batch);
        ThreadLocal<Connection> naiveConnections = ThreadLocal.withInitial(this::connect);
        double naiveSeconds = parallel(naiveBatches, i -> {
            long t0 = System.nanoTime();
            naiveBatch(naiveConnections.get(), new Batch("naive-" + run + "-" + (i % devices), i % devices, (i / devices) * batch, batch));
            naiveLatency.record(System.nanoTime() - t0);
        }, false);

        System.out.println("WebSocket /ws/devices/{id}/imu ...");
        webSocket("wswarm-" + run, connections * 10, new Latencies());
        Latencies wsLatency = new Latencies();
        int wsBatches = Math.max(connections, wsSamples / batch);
        double wsSeconds = webSocket("ws-" + run, wsBatches, wsLatency);

        long stored = count("SELECT count(*) FROM device.imu_data WHERE device_id LIKE 'bench-" + run + "-%'");
        long rawStored = count("SELECT count(*) FROM bench_raw.imu_data");
        long wsStored = count("SELECT count(*) FROM device.imu_data WHERE device_id LIKE 'ws-" + run + "-%'");
        long naiveStored = count("SELECT count(*) FROM bench_raw.naive_imu");
        if (stored != total || rawStored != total || wsStored != (long) wsBatches * batch || naiveStored != (long) naiveBatches * batch) {
            throw new IllegalStateException("rows missing: http " + stored + ", raw " + rawStored + ", ws " + wsStored
                    + ", seed pattern " + naiveStored);
        }

        double httpRate = total / httpSeconds;
        double copyRate = total / copySeconds;
        double wsRate = (double) wsBatches * batch / wsSeconds;
        double naiveRate = (double) naiveBatches * batch / naiveSeconds;
        System.out.println();
        new BenchTable("path", "rows", "seconds", "rows/s", "batch p50 ms", "batch p99 ms")
                .row("HTTP POST, JSON (ours)", (long) total, httpSeconds, httpRate, httpLatency.percentileMillis(50), httpLatency.percentileMillis(99))
                .row("raw binary COPY, same table", (long) total, copySeconds, copyRate, copyLatency.percentileMillis(50), copyLatency.percentileMillis(99))
                .row("WebSocket, JSON (ours)", (long) wsBatches * batch, wsSeconds, wsRate, wsLatency.percentileMillis(50), wsLatency.percentileMillis(99))
                .row("seed: check device, INSERT per row", (long) naiveBatches * batch, naiveSeconds, naiveRate,
                        naiveLatency.percentileMillis(50), naiveLatency.percentileMillis(99))
                .print();
        System.out.printf("HTTP / raw COPY = %.2f (target >= 0.60)   WebSocket / raw COPY = %.2f   HTTP / seed pattern = %.1fx%s%n",
                httpRate / copyRate, wsRate / copyRate, httpRate / naiveRate, keys.isEmpty() ? "" : "   (device keys checked)");
        System.out.printf("every sample stored: http %,d, raw %,d, websocket %,d%n", stored, rawStored, wsStored);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA bench_raw CASCADE");
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface Step {
        void run(int index) throws Exception;
    }

    /** Runs steps 0..n-1 on {@code connections} threads and returns the wall time in seconds. */
    private double parallel(int n, Step step, boolean http) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    step.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return seconds;
    }

    /**
     * The HTTP client: Vert.x's, the same lean client the load generator uses, so the generator's
     * own work (on the same two cores) takes as little from the service and PostgreSQL as the raw
     * path's JDBC COPY does. Each worker thread waits for its answer before sending the next batch.
     */
    private final Vertx vertx = Vertx.vertx();
    private io.vertx.core.http.HttpClient http;

    private void post(String deviceId, byte[] body) throws Exception {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    URI uri = URI.create(base);
                    http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                            .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections));
                }
            }
        }
        String key = keys.get(deviceId);
        Buffer answer = http.request(HttpMethod.POST, "/api/devices/" + deviceId + "/imu")
                .compose(request -> {
                    request.putHeader("Content-Type", "application/json");
                    if (key != null) {
                        request.putHeader("X-Device-Key", key);
                    }
                    return request.send(Buffer.buffer(body));
                })
                .compose(response -> response.body().map(b -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + response.statusCode() + ": " + b);
                    }
                    return b;
                }))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        if (answer == null) {
            throw new IllegalStateException("no answer");
        }
    }

    /** Registers each device as a device-operator would, keeping the API key its answer shows once. */
    private void register(List<String> ids) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String operator = args.bearer(Roles.DEVICE_OPERATOR);
        java.util.regex.Pattern apiKey = java.util.regex.Pattern.compile("\"apiKey\":\"([^\"]+)\"");
        for (String id : ids) {
            java.net.http.HttpResponse<String> answer = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/devices"))
                    .header("Content-Type", "application/json").header("Authorization", operator)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"deviceId\":\"" + id + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            java.util.regex.Matcher m = apiKey.matcher(answer.body());
            if (answer.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("registering " + id + ": " + answer.statusCode() + " " + answer.body());
            }
            keys.put(id, m.group(1));
        }
    }

    private void warmUp() throws Exception {
        for (int i = 0; i < 60; i++) {
            Batch b = new Batch("warmup-" + run + "-" + (i % 4), i % 4, (i / 4) * batch, batch);
            post(b.deviceId(), json(b));
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO bench_raw.devices (device_id) VALUES ('warmup-raw')");
            for (int i = 0; i < 60; i++) {
                ((PGConnection) c).getCopyAPI().copyIn("COPY bench_raw.imu_data FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(copyBinary(new Batch("warmup-raw", 0, i * batch, batch))));
            }
            s.execute("TRUNCATE bench_raw.imu_data");
        }
    }

    /**
     * The seed's ensure_user_exists() pattern: look the device up, create it if missing, then one
     * INSERT per sample, each its own round trip and (autocommit) its own transaction.
     */
    private void naiveBatch(Connection c, Batch b) throws Exception {
        SplittableRandom random = new SplittableRandom(31L * b.device() + b.first());
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM bench_raw.devices WHERE device_id = ?");
             PreparedStatement create = c.prepareStatement("INSERT INTO bench_raw.devices (device_id) SELECT ? "
                     + "WHERE NOT EXISTS (SELECT 1 FROM bench_raw.devices WHERE device_id = ?)");
             PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw.naive_imu VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int k = b.first(); k < b.first() + b.count(); k++) {
                exists.setString(1, b.deviceId());
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        create.setString(1, b.deviceId());
                        create.setString(2, b.deviceId());
                        create.executeUpdate();
                    }
                }
                insert.setString(1, b.deviceId());
                insert.setObject(2, start.plusMillis(10L * k).atOffset(java.time.ZoneOffset.UTC));
                for (int f = 0; f < 9; f++) {
                    insert.setDouble(3 + f, random.nextDouble(-2, 2));
                }
                insert.executeUpdate();
            }
        }
    }

    /** bench_raw: the same table, keys and partitions as device.imu_data, reached by raw COPY. */
    private void prepareRawTable() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
            s.execute("CREATE SCHEMA bench_raw");
            s.execute("CREATE TABLE bench_raw.devices (LIKE device.devices INCLUDING ALL)");
            s.execute("""
                    CREATE TABLE bench_raw.imu_data (
                        device_id text NOT NULL REFERENCES bench_raw.devices (device_id),
                        ts timestamptz NOT NULL,
                        acc_x float8 NOT NULL, acc_y float8 NOT NULL, acc_z float8 NOT NULL,
                        gyro_x float8 NOT NULL, gyro_y float8 NOT NULL, gyro_z float8 NOT NULL,
                        mag_x float8, mag_y float8, mag_z float8,
                        PRIMARY KEY (device_id, ts)) PARTITION BY RANGE (ts)""");
            s.execute("CREATE TABLE bench_raw.naive_imu (LIKE bench_raw.imu_data INCLUDING ALL)");
            s.execute("ALTER TABLE bench_raw.naive_imu ADD FOREIGN KEY (device_id) REFERENCES bench_raw.devices (device_id)");
            Instant day = start.truncatedTo(ChronoUnit.DAYS);
            for (int d = -1; d <= 1; d++) {
                Instant from = day.plus(d, ChronoUnit.DAYS);
                s.execute("CREATE TABLE bench_raw.imu_data_p" + (d + 1) + " PARTITION OF bench_raw.imu_data FOR VALUES FROM ('"
                        + from + "') TO ('" + from.plus(1, ChronoUnit.DAYS) + "')");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_raw.devices (device_id) VALUES (?)")) {
                for (int d = 0; d < devices; d++) {
                    ps.setString(1, "bench-" + run + "-" + d);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private double webSocket(String prefix, int wsBatches, Latencies latency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            String deviceId = prefix + "-" + w;
            workers.add(pool.submit(() -> {
                TextMessages acks = new TextMessages();
                URI uri = URI.create(base.replaceFirst("^http", "ws") + "/ws/devices/" + deviceId + "/imu");
                WebSocket.Builder handshake = HttpClient.newHttpClient().newWebSocketBuilder();
                if (keys.containsKey(deviceId)) {
                    handshake.header("X-Device-Key", keys.get(deviceId));
                }
                WebSocket socket = handshake.buildAsync(uri, acks).join();
                int sent = 0;
                for (int i = next.getAndIncrement(); i < wsBatches; i = next.getAndIncrement()) {
                    String body = new String(json(new Batch(deviceId, 0, sent * batch, batch)), StandardCharsets.UTF_8);
                    long s0 = System.nanoTime();
                    socket.sendText(body, true).join();
                    String ack = acks.next(60, TimeUnit.SECONDS);
                    latency.record(System.nanoTime() - s0);
                    if (ack == null || !ack.startsWith("{\"accepted\":" + batch)) {
                        throw new IllegalStateException("websocket answered " + ack);
                    }
                    sent++;
                }
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return seconds;
    }

    /** Deterministic samples of one device: sample k is 10 ms after sample k-1. */
    private byte[] json(Batch b) {
        SplittableRandom random = new SplittableRandom(31L * b.device() + b.first());
        StringBuilder out = new StringBuilder(b.count() * 190).append('[');
        for (int k = b.first(); k < b.first() + b.count(); k++) {
            if (k > b.first()) {
                out.append(',');
            }
            out.append("{\"ts\":\"").append(start.plusMillis(10L * k)).append('"');
            appendValue(out, "accX", random.nextDouble(-2, 2));
            appendValue(out, "accY", random.nextDouble(-2, 2));
            appendValue(out, "accZ", 9.81 + random.nextDouble(-3, 3));
            appendValue(out, "gyroX", random.nextDouble(-1, 1));
            appendValue(out, "gyroY", random.nextDouble(-1, 1));
            appendValue(out, "gyroZ", random.nextDouble(-1, 1));
            appendValue(out, "magX", random.nextDouble(-50, 50));
            appendValue(out, "magY", random.nextDouble(-50, 50));
            appendValue(out, "magZ", random.nextDouble(-50, 50));
            out.append('}');
        }
        return out.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void appendValue(StringBuilder out, String name, double value) {
        out.append(",\"").append(name).append("\":").append(Math.round(value * 1e6) / 1e6);
    }

    /** The same samples as {@link #json}, as binary COPY rows of (device_id, ts, 9 values). */
    private byte[] copyBinary(Batch b) {
        SplittableRandom random = new SplittableRandom(31L * b.device() + b.first());
        byte[] id = b.deviceId().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(19 + b.count() * (2 + 4 + id.length + 10 * 12) + 2);
        out.put(new byte[]{'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0}).putInt(0).putInt(0);
        for (int k = b.first(); k < b.first() + b.count(); k++) {
            Instant ts = start.plusMillis(10L * k);
            out.putShort((short) 11);
            out.putInt(id.length).put(id);
            out.putInt(8).putLong(ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000 - PG_EPOCH_MICROS);
            double[] v = {random.nextDouble(-2, 2), random.nextDouble(-2, 2), 9.81 + random.nextDouble(-3, 3),
                    random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1),
                    random.nextDouble(-50, 50), random.nextDouble(-50, 50), random.nextDouble(-50, 50)};
            for (double x : v) {
                out.putInt(8).putDouble(Math.round(x * 1e6) / 1e6);
            }
        }
        out.putShort((short) -1);
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    private Connection connect() {
        try {
            return args.connect();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
