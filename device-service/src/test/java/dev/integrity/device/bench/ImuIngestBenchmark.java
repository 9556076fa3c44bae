package dev.integrity.device.bench;

import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.Latencies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./dev bench imu}: six ways of storing the same kind of batches (1,000 samples each),
 * interleaved in {@code --rounds} rounds (5, after {@code --warmup-rounds}, 3, that warm every way and both JVMs up) of
 * {@code --round-samples} (200,000) each: raw binary COPY into an identical table (same primary key,
 * same foreign key, same daily partitions) from 100 devices over 4 connections, the limit; ours
 * through {@code POST /api/devices/{id}/imu} as JSON and as CBOR the same way; and the WebSocket
 * over 4 sockets, one batch at a time (an old client), then pipelined ({@code --window} batches in
 * flight per socket, the service's default limit) in JSON and in CBOR. Each round runs the ways in
 * another order, so table growth and checkpoints fall on all of them alike. Prints each way's
 * median rows/s over the rounds, its slowest and fastest round, and its ratio to raw COPY's median;
 * then the seed's pattern for scale. Every payload is made before the clock starts.
 * <p>
 * With {@code --device-keys true} (the launcher then runs device-service with closed provisioning)
 * every device is registered first by a device-operator, and every batch, over HTTP and the
 * WebSocket, carries its device's own key: the admission check a production sensor goes through.
 */
public final class ImuIngestBenchmark {

    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final String base;
    private final BenchArgs args;
    private final int rounds;
    private final int warmupRounds;
    private final int roundSamples;
    private final int devices;
    private final int batch;
    private final int connections;
    private final int window;
    private final int naiveSamples;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    /** Each registered device's API key (--device-keys); empty when devices are provisioned openly. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();

    private ImuIngestBenchmark(BenchArgs args) {
        base = args.require("base");
        this.args = args;
        rounds = args.integer("rounds", 5);
        warmupRounds = args.integer("warmup-rounds", 3);
        roundSamples = args.integer("round-samples", 200_000);
        devices = args.integer("devices", 100);
        batch = args.integer("batch", 1_000);
        connections = args.integer("connections", 4);
        window = args.integer("window", 4);
        naiveSamples = args.integer("seed-samples", 20_000);
    }

    public static void main(String[] args) throws Exception {
        new ImuIngestBenchmark(new BenchArgs(args)).run();
    }

    /** One batch: which device, which samples (by index within the device's stream). */
    private record Batch(String deviceId, int device, int first, int count) {
    }

    /** One way in: its name, the prefix of its devices, and one round of it, timed. */
    private record Way(String name, String prefix, Round round) {
    }

    @FunctionalInterface
    private interface Round {
        /** Stores round {@code r}'s samples this way; returns the seconds it took (payloads are made before the clock starts). */
        double run(String prefix, int r, Latencies latency) throws Exception;
    }

    private void run() throws Exception {
        List<Way> ways = List.of(
                new Way("raw binary COPY, same table", "raw", this::rawRound),
                new Way("HTTP POST, JSON", "json", (prefix, r, latency) -> httpRound(prefix, r, false, latency)),
                new Way("HTTP POST, CBOR", "cbor", (prefix, r, latency) -> httpRound(prefix, r, true, latency)),
                new Way("WebSocket, JSON, one at a time", "ws1", (prefix, r, latency) -> webSocket(prefix, r, 1, false, latency)),
                new Way("WebSocket, JSON, " + window + " in flight", "wsj", (prefix, r, latency) -> webSocket(prefix, r, window, false, latency)),
                new Way("WebSocket, CBOR, " + window + " in flight", "wsc", (prefix, r, latency) -> webSocket(prefix, r, window, true, latency)));
        System.out.printf("IMU ingestion: %d rounds (after %d to warm up) of %,d samples each way, batches of %,d; HTTP and COPY "
                + "from %d devices over %d connections, WebSocket over %d sockets (run %s)%n", rounds, warmupRounds, roundSamples, batch,
                devices, connections, connections, run);
        prepareRawTable();
        if (args.flag("device-keys")) {
            List<String> ids = new ArrayList<>();
            for (Way way : ways) {
                for (int d = 0; d < devices; d++) {
                    ids.add(way.prefix() + "-" + run + "-" + d);
                }
            }
            for (int i = 0; i < 4; i++) {
                ids.add("warmup-" + run + "-" + i);
                ids.add("cborwarm-" + run + "-" + i);
            }
            register(ids);
            System.out.printf("registered %d devices as a device-operator; every batch carries its device's key%n", ids.size());
        }

        System.out.println("warming up ...");
        warmUp();
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, Latencies> latencies = new java.util.LinkedHashMap<>();
        ways.forEach(w -> {
            rates.put(w.name(), new ArrayList<>());
            latencies.put(w.name(), new Latencies());
        });
        for (int r = 0; r < warmupRounds + rounds; r++) {
            boolean warm = r >= warmupRounds;
            StringBuilder line = new StringBuilder(warm ? "round " + (r - warmupRounds + 1) + ":" : "warm-up round " + (r + 1) + ":");
            // Each round in another order, so no way always follows the same one (or the same checkpoint).
            for (int i = 0; i < ways.size(); i++) {
                Way way = ways.get((i + r) % ways.size());
                Latencies latency = warm ? latencies.get(way.name()) : new Latencies();
                double seconds = way.round().run(way.prefix() + "-" + run, r, latency);
                if (warm) {
                    rates.get(way.name()).add(roundSamples / seconds);
                }
                line.append(String.format(" %s %,.0f/s;", way.prefix(), roundSamples / seconds));
            }
            System.out.println(line);
        }

        System.out.println("the seed's pattern: check the device, then one INSERT per sample ...");
        Latencies naiveLatency = new Latencies();
        int naiveBatches = Math.max(connections, naiveSamples / batch);
        ThreadLocal<Connection> naiveConnections = ThreadLocal.withInitial(this::connect);
        double naiveSeconds = parallel(naiveBatches, i -> {
            long t0 = System.nanoTime();
            naiveBatch(naiveConnections.get(), new Batch("naive-" + run + "-" + (i % devices), i % devices, (i / devices) * batch, batch));
            naiveLatency.record(System.nanoTime() - t0);
        }, false);

        long expected = (long) (warmupRounds + rounds) * roundSamples;
        StringBuilder missing = new StringBuilder();
        for (Way way : ways) {
            long stored = count("SELECT count(*) FROM " + (way.prefix().equals("raw") ? "bench_raw" : "device")
                    + ".imu_data WHERE device_id LIKE '" + way.prefix() + "-" + run + "-%'");
            if (stored != expected) {
                missing.append(way.name()).append(": ").append(stored).append(" of ").append(expected).append("; ");
            }
        }
        long naiveStored = count("SELECT count(*) FROM bench_raw.naive_imu");
        if (!missing.isEmpty() || naiveStored != (long) naiveBatches * batch) {
            throw new IllegalStateException("rows missing: " + missing + "seed pattern " + naiveStored);
        }

        double copyRate = median(rates.get(ways.get(0).name()));
        double naiveRate = (double) naiveBatches * batch / naiveSeconds;
        System.out.println();
        BenchTable table = new BenchTable("path", "rounds", "median rows/s", "slowest", "fastest", "of raw COPY", "batch p50 ms", "batch p99 ms");
        Map<String, Double> ratio = new java.util.LinkedHashMap<>();
        for (Way way : ways) {
            List<Double> r = rates.get(way.name());
            double median = median(r);
            ratio.put(way.prefix(), median / copyRate);
            Latencies latency = latencies.get(way.name());
            table.row(way.name() + (way.prefix().equals("raw") ? "" : " (ours)"), r.size(), median, java.util.Collections.min(r),
                    java.util.Collections.max(r), median / copyRate, latency.percentileMillis(50), latency.percentileMillis(99));
        }
        table.row("seed: check device, INSERT per row", 1, naiveRate, naiveRate, naiveRate, naiveRate / copyRate,
                naiveLatency.percentileMillis(50), naiveLatency.percentileMillis(99));
        table.print();
        System.out.printf("of raw COPY (medians): HTTP JSON %.2f (target >= 0.60), HTTP CBOR %.2f (>= 0.80), WebSocket JSON pipelined %.2f "
                        + "(>= 0.60), WebSocket CBOR pipelined %.2f (>= 0.80), WebSocket one at a time %.2f; HTTP JSON / seed pattern = %.1fx%s%n",
                ratio.get("json"), ratio.get("cbor"), ratio.get("wsj"), ratio.get("wsc"), ratio.get("ws1"),
                median(rates.get(ways.get(1).name())) / naiveRate, keys.isEmpty() ? "" : "   (device keys checked)");
        System.out.printf("every sample stored: %,d each way, %,d in all%n", expected, expected * ways.size());
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA bench_raw CASCADE");
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Round {@code r} of a way from {@link #devices} devices: each device's next {@code roundSamples / devices} samples. */
    private List<Batch> roundBatches(String prefix, int r) {
        int perDevice = roundSamples / devices;
        List<Batch> batches = new ArrayList<>();
        // The devices streaming side by side: each device's batches in order, devices interleaved.
        for (int first = 0; first < perDevice; first += batch) {
            for (int d = 0; d < devices; d++) {
                batches.add(new Batch(prefix + "-" + d, d, r * perDevice + first, Math.min(batch, perDevice - first)));
            }
        }
        return batches;
    }

    private double rawRound(String prefix, int r, Latencies latency) throws Exception {
        List<Batch> batches = roundBatches(prefix, r);
        List<byte[]> copies = batches.stream().map(this::copyBinary).toList();
        ThreadLocal<Connection> perThread = ThreadLocal.withInitial(this::connect);
        return parallel(batches.size(), i -> {
            long t0 = System.nanoTime();
            ((PGConnection) perThread.get()).getCopyAPI().copyIn("COPY bench_raw.imu_data FROM STDIN (FORMAT binary)",
                    new ByteArrayInputStream(copies.get(i)));
            latency.record(System.nanoTime() - t0);
        }, false);
    }

    private double httpRound(String prefix, int r, boolean cbor, Latencies latency) throws Exception {
        List<Batch> batches = roundBatches(prefix, r);
        List<byte[]> bodies = batches.stream().map(b -> cbor ? cbor(b, null) : json(b)).toList();
        String contentType = cbor ? "application/cbor" : "application/json";
        return parallel(batches.size(), i -> {
            long t0 = System.nanoTime();
            post(batches.get(i).deviceId(), bodies.get(i), contentType);
            latency.record(System.nanoTime() - t0);
        }, true);
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

    private void post(String deviceId, byte[] body, String contentType) throws Exception {
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
                    request.putHeader("Content-Type", contentType);
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
            post(b.deviceId(), json(b), "application/json");
            post("cborwarm-" + run + "-" + (i % 4), cbor(new Batch("cborwarm-" + run + "-" + (i % 4), i % 4, (i / 4) * batch, batch), null),
                    "application/cbor");
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
                    ps.setString(1, "raw-" + run + "-" + d);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * Round {@code r}: {@code roundSamples} samples over {@code connections} sockets (Vert.x's WebSocket client), each
     * socket keeping up to {@code inFlight} batches unanswered (1: an old client that waits for each
     * answer), in JSON text or CBOR binary. Checks every answer: its order and id when pipelined, and
     * that the whole batch was accepted. Returns the wall time in seconds.
     */
    private double webSocket(String prefix, int r, int inFlight, boolean binary, Latencies latency) throws Exception {
        int perSocket = roundSamples / connections / batch;
        List<List<byte[]>> payloads = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            String deviceId = prefix + "-" + w;
            List<byte[]> mine = new ArrayList<>(perSocket);
            for (int k = 0; k < perSocket; k++) {
                Batch b = new Batch(deviceId, w, (r * perSocket + k) * batch, batch);
                Integer id = inFlight > 1 ? k : null;
                mine.add(binary ? cbor(b, id) : id == null ? json(b) : envelope(id, json(b)));
            }
            payloads.add(mine);
        }
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(4 * 1024 * 1024)
                .setMaxFrameSize(4 * 1024 * 1024));
        URI uri = URI.create(base);
        List<CompletableFuture<Void>> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            String deviceId = prefix + "-" + w;
            List<byte[]> mine = payloads.get(w);
            CompletableFuture<Void> finished = new CompletableFuture<>();
            sockets.add(finished);
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                    .setURI("/ws/devices/" + deviceId + "/imu");
            if (keys.containsKey(deviceId)) {
                options.addHeader("X-Device-Key", keys.get(deviceId));
            }
            client.connect(options).onSuccess(ws -> {
                ArrayDeque<long[]> unanswered = new ArrayDeque<>();   // [k, sent at]
                int[] sent = {0};
                Runnable fill = () -> {
                    while (unanswered.size() < inFlight && sent[0] < mine.size()) {
                        int k = sent[0]++;
                        unanswered.add(new long[] {k, System.nanoTime()});
                        if (binary) {
                            ws.writeBinaryMessage(Buffer.buffer(mine.get(k)));
                        } else {
                            ws.writeTextMessage(new String(mine.get(k), StandardCharsets.UTF_8));
                        }
                    }
                    if (unanswered.isEmpty()) {
                        ws.close();
                        finished.complete(null);
                    }
                };
                java.util.function.Consumer<JsonNode> answered = answer -> {
                    long[] head = unanswered.poll();
                    if (head == null || answer.path("accepted").asInt() != batch
                            || inFlight > 1 && answer.path("batchId").asLong(-1) != head[0]) {
                        finished.completeExceptionally(new IllegalStateException(deviceId + " batch " + (head == null ? "?" : head[0])
                                + " answered " + answer));
                        ws.close();
                        return;
                    }
                    latency.record(System.nanoTime() - head[1]);
                    fill.run();
                };
                ws.textMessageHandler(text -> answered.accept(read(JSON_MAPPER, text.getBytes(StandardCharsets.UTF_8))));
                ws.binaryMessageHandler(bytes -> answered.accept(read(CBOR_MAPPER, bytes.getBytes())));
                ws.exceptionHandler(finished::completeExceptionally);
                fill.run();
            }).onFailure(finished::completeExceptionally);
        }
        CompletableFuture.allOf(sockets.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        client.close();
        return seconds;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final com.fasterxml.jackson.databind.ObjectMapper CBOR_MAPPER =
            new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();

    private static JsonNode read(com.fasterxml.jackson.databind.ObjectMapper mapper, byte[] bytes) {
        try {
            return mapper.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code {"batchId": id, "samples": <json>}}. */
    private static byte[] envelope(int id, byte[] samples) {
        byte[] head = ("{\"batchId\":" + id + ",\"samples\":").getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(head, head.length + samples.length + 1);
        System.arraycopy(samples, 0, out, head.length, samples.length);
        out[out.length - 1] = '}';
        return out;
    }

    /**
     * The same samples as {@link #json} in CBOR, as a sensor would send them: ts as seconds since the
     * epoch under tag 1, the values as doubles; inside {@code {batchId, samples}} when {@code id} is given.
     */
    private byte[] cbor(Batch b, Integer id) {
        SplittableRandom random = new SplittableRandom(31L * b.device() + b.first());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.count() * 110);
        try (CBORGenerator g = CBOR_FACTORY.createGenerator(out)) {
            if (id != null) {
                g.writeStartObject();
                g.writeFieldName("batchId");
                g.writeNumber(id);
                g.writeFieldName("samples");
            }
            g.writeStartArray(null, b.count());
            for (int k = b.first(); k < b.first() + b.count(); k++) {
                Instant ts = start.plusMillis(10L * k);
                g.writeStartObject(10);
                g.writeFieldName("ts");
                g.writeTag(1);
                g.writeNumber(ts.getEpochSecond() + ts.getNano() / 1e9);
                double[] v = {random.nextDouble(-2, 2), random.nextDouble(-2, 2), 9.81 + random.nextDouble(-3, 3),
                        random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1),
                        random.nextDouble(-50, 50), random.nextDouble(-50, 50), random.nextDouble(-50, 50)};
                for (int f = 0; f < v.length; f++) {
                    g.writeFieldName(FIELDS[f]);
                    g.writeNumber(Math.round(v[f] * 1e6) / 1e6);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (id != null) {
                g.writeEndObject();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final String[] FIELDS = {"accX", "accY", "accZ", "gyroX", "gyroY", "gyroZ", "magX", "magY", "magZ"};
    private static final com.fasterxml.jackson.dataformat.cbor.CBORFactory CBOR_FACTORY = new com.fasterxml.jackson.dataformat.cbor.CBORFactory();

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
