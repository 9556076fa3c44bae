package dev.integrity.device.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.security.Roles;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;
import dev.integrity.platform.testing.Latencies;
import dev.integrity.platform.testing.ProcessCpu;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./dev bench fleet}: a sensor fleet at the limit (issue 17). {@code --sockets} devices
 * (1,000) each hold a WebSocket to device-service and send {@code --rate} samples (50) once a
 * second, as pipelined batches, for {@code --seconds} (300), the sockets opened over the first
 * {@code --ramp-seconds} (10) as a fleet reconnects. The generator runs on the same machine.
 * <p>
 * Prints: ack latency p50/p99/max (from send to answer), samples sent, acknowledged and stored
 * (nothing acknowledged may be missing, nothing stored twice), answers other than an ack, the
 * devices the service lists as online against the sockets open, device-service's RSS before the
 * sockets open, once they are all open and at the end, and the CPU each process used (service,
 * PostgreSQL, generator). Fails when an acknowledged sample is not stored or a batch is never answered.
 */
public final class ImuFleetSoak {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchArgs args;
    private final int sockets;
    private final int rate;
    private final int seconds;
    private final int rampSeconds;
    private final int warmupSeconds;
    private final long servicePid;
    private final String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private final Latencies latency = new Latencies();
    /** Acks after the first {@code --warmup-seconds}: the fleet's steady state, past the reconnect burst and the JIT's first minute. */
    private final Latencies steady = new Latencies();
    private volatile Latencies window = new Latencies();
    private volatile boolean warm;
    private volatile dev.integrity.platform.testing.Scrape atWarm;
    private final AtomicLong sentSamples = new AtomicLong();
    private final AtomicLong acceptedSamples = new AtomicLong();
    private final AtomicLong duplicateSamples = new AtomicLong();
    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong batchesAnswered = new AtomicLong();
    private final Map<String, AtomicLong> otherAnswers = new ConcurrentHashMap<>();
    private final AtomicLong openSockets = new AtomicLong();
    private volatile boolean sending = true;

    private ImuFleetSoak(BenchArgs args) {
        this.args = args;
        this.sockets = args.integer("sockets", 1000);
        this.rate = args.integer("rate", 50);
        this.seconds = args.integer("seconds", 300);
        this.rampSeconds = args.integer("ramp-seconds", 10);
        this.warmupSeconds = args.integer("warmup-seconds", 60);
        this.servicePid = Long.parseLong(args.require("device-service-pid"));
    }

    public static void main(String[] args) throws Exception {
        new ImuFleetSoak(new BenchArgs(args)).run();
    }

    /** One sensor: its socket, its next batch number, and the send times of its unanswered batches. */
    private final class Sensor {
        final String deviceId;
        final ArrayDeque<long[]> unanswered = new ArrayDeque<>();   // [batch, sent at]
        WebSocket socket;
        int next;

        Sensor(String deviceId) {
            this.deviceId = deviceId;
        }

        /** Its batch for this second: {@code rate} samples 1/rate s apart, starting at second {@code next}. */
        void send() {
            if (socket == null || socket.isClosed() || !sending) {
                return;
            }
            int batch = next++;
            StringBuilder out = new StringBuilder(rate * 190 + 40).append("{\"batchId\":").append(batch).append(",\"samples\":[");
            Instant first = start.plusSeconds(batch);
            long stepMicros = 1_000_000L / rate;
            for (int k = 0; k < rate; k++) {
                if (k > 0) {
                    out.append(',');
                }
                out.append("{\"ts\":\"").append(first.plus(stepMicros * k, ChronoUnit.MICROS)).append("\",\"accX\":")
                        .append(0.1 + k % 7 * 0.01).append(",\"accY\":-0.4,\"accZ\":").append(9.7 + k % 5 * 0.05)
                        .append(",\"gyroX\":0.01,\"gyroY\":0.02,\"gyroZ\":-0.01}");
            }
            unanswered.add(new long[] {batch, System.nanoTime()});
            socket.writeTextMessage(out.append("]}").toString());
            batchesSent.incrementAndGet();
            sentSamples.addAndGet(rate);
        }

        void answered(String text) {
            long[] head = unanswered.poll();
            batchesAnswered.incrementAndGet();
            JsonNode answer;
            try {
                answer = JSON.readTree(text);
            } catch (IOException e) {
                otherAnswers.computeIfAbsent("not JSON", k -> new AtomicLong()).incrementAndGet();
                return;
            }
            if (head == null || answer.path("batchId").asLong(-1) != head[0]) {
                otherAnswers.computeIfAbsent("out of order", k -> new AtomicLong()).incrementAndGet();
                return;
            }
            long took = System.nanoTime() - head[1];
            latency.record(took);
            window.record(took);
            if (warm) {
                steady.record(took);
            }
            if (answer.has("accepted")) {
                acceptedSamples.addAndGet(answer.path("accepted").asLong());
                duplicateSamples.addAndGet(answer.path("duplicates").asLong());
            } else {
                otherAnswers.computeIfAbsent(answer.path("status").asText() + " " + answer.path("type").asText(), k -> new AtomicLong())
                        .incrementAndGet();
            }
        }
    }

    private void run() throws Exception {
        URI base = URI.create(args.require("base"));
        System.out.printf("fleet soak: %,d sockets, %d samples a second each (%,d samples/s), %d s, opened over %d s (run %s)%n",
                sockets, rate, (long) sockets * rate, seconds, rampSeconds, run);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets * 2)
                .setConnectTimeout(30_000));
        ProcessCpu cpu = new ProcessCpu(Map.of("service", servicePid));
        long rssBefore = rss(servicePid);

        List<Sensor> sensors = new ArrayList<>();
        List<CompletableFuture<Void>> opened = new ArrayList<>();
        long rampStep = Math.max(1, rampSeconds * 1_000_000_000L / sockets);
        long t0 = System.nanoTime();
        for (int i = 0; i < sockets; i++) {
            Sensor sensor = new Sensor("fleet-" + run + "-" + i);
            sensors.add(sensor);
            CompletableFuture<Void> connected = new CompletableFuture<>();
            opened.add(connected);
            long due = t0 + i * rampStep;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            client.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                    .setURI("/ws/devices/" + sensor.deviceId + "/imu")).onSuccess(ws -> {
                        sensor.socket = ws;
                        openSockets.incrementAndGet();
                        ws.textMessageHandler(sensor::answered);
                        ws.closeHandler(closed -> openSockets.decrementAndGet());
                        // Once a second from now, each sensor on its own phase.
                        sensor.send();
                        vertx.setPeriodic(1000, timer -> {
                            if (!sending || ws.isClosed()) {
                                vertx.cancelTimer(timer);
                            } else {
                                sensor.send();
                            }
                        });
                        connected.complete(null);
                    }).onFailure(connected::completeExceptionally);
        }
        CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        long rssOpen = rss(servicePid);
        System.out.printf("%,d sockets open after %.1f s; device-service RSS %d MB (before: %d MB)%n", openSockets.get(),
                (System.nanoTime() - t0) / 1e9, rssOpen >> 20, rssBefore >> 20);

        long report = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            if (!warm && System.nanoTime() - t0 > warmupSeconds * 1_000_000_000L) {
                atWarm = scrape(base);
                warm = true;
            }
            if (System.nanoTime() - report > 30_000_000_000L) {
                report = System.nanoTime();
                Latencies last = window;
                window = new Latencies();
                System.out.printf("  %3.0f s: %,d batches sent, %,d answered; the last 30 s: ack p50 %.1f ms, p99 %.1f ms, max %.0f ms; RSS %d MB%n",
                        (report - t0) / 1e9, batchesSent.get(), batchesAnswered.get(), last.percentileMillis(50),
                        last.percentileMillis(99), last.percentileMillis(100), rss(servicePid) >> 20);
            }
        }
        long online = onlineDevices(base);
        long rssEnd = rss(servicePid);
        Map<String, Long> memory = jvmMemory(base);
        sending = false;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> cores = cpu.coresSince(elapsed);
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (batchesAnswered.get() < batchesSent.get() && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
        }
        long open = openSockets.get();
        for (Sensor sensor : sensors) {
            if (sensor.socket != null) {
                sensor.socket.close();
            }
        }

        long stored;
        long distinct;
        try (Connection c = args.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT (device_id, ts)) FROM device.imu_data WHERE device_id LIKE 'fleet-"
                     + run + "-%'")) {
            rs.next();
            stored = rs.getLong(1);
            distinct = rs.getLong(2);
        }
        long unanswered = batchesSent.get() - batchesAnswered.get();
        System.out.println();
        new BenchTable("sockets", "samples/s", "seconds", "batches sent", "unanswered", "samples sent", "acknowledged", "stored",
                "lost", "stored twice", "ack p50 ms", "ack p99 ms", "ack max ms", "steady p50 ms", "steady p99 ms")
                .row(sockets, (long) sockets * rate, elapsed, batchesSent.get(), unanswered, sentSamples.get(),
                        acceptedSamples.get() + duplicateSamples.get(), stored, acceptedSamples.get() - stored, stored - distinct,
                        latency.percentileMillis(50), latency.percentileMillis(99), latency.percentileMillis(100),
                        steady.percentileMillis(50), steady.percentileMillis(99))
                .print();
        new BenchTable("device-service RSS MB: before", "all open", "end", "heap used MB", "heap committed MB", "direct buffers MB",
                "online listed", "sockets open", "CPU cores: device-service", "PostgreSQL", "generator")
                .row(rssBefore >> 20, rssOpen >> 20, rssEnd >> 20, memory.get("heap used") >> 20, memory.get("heap committed") >> 20,
                        memory.get("direct") >> 20, online, open, cores.get("service"), cores.get("postgres"), cores.get("generator"))
                .print();
        System.out.printf("steady state: the acks after the first %d s; JVM options: %s; %,d group transactions stored %,d of the "
                        + "%,d batches (%.1f a group), the rest one by one%n", warmupSeconds,
                System.getenv().getOrDefault("DEV_JAVA_OPTS", "(the launcher's default)"), memory.get("groups"), memory.get("grouped batches"),
                batchesAnswered.get(), memory.get("groups") == 0 ? 0.0 : (double) memory.get("grouped batches") / memory.get("groups"));
        System.out.println("answers other than an ack: " + (otherAnswers.isEmpty() ? "none" : new TreeMap<>(otherAnswers)));
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (stored != acceptedSamples.get() || unanswered > 0 || stored != distinct) {
            throw new IllegalStateException("acknowledged " + acceptedSamples.get() + ", stored " + stored + " (" + distinct
                    + " distinct), unanswered batches " + unanswered);
        }
    }

    /** How many of this run's devices the service lists as online (paged, as a device-operator). */
    private long onlineDevices(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String operator = args.bearer(Roles.DEVICE_OPERATOR);
        long online = 0;
        for (int page = 0; page < 1000; page++) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices?online=true&size=500&page=" + page))
                    .header("Authorization", operator).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode items = JSON.readTree(answer.body()).path("items");
            for (JsonNode device : items) {
                if (device.path("deviceId").asText().startsWith("fleet-" + run + "-")) {
                    online++;
                }
            }
            if (items.size() < 500) {
                break;
            }
        }
        return online;
    }

    private static dev.integrity.platform.testing.Scrape scrape(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return dev.integrity.platform.testing.Scrape.parse(
                http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The service's heap (used, committed) and direct buffers, from its own /q/metrics. */
    private Map<String, Long> jvmMemory(URI base) throws Exception {
        dev.integrity.platform.testing.Scrape metrics = scrape(base);
        if (atWarm != null) {
            System.out.printf("in the service, from a batch handed to storage to its commit (device_imu_ingest_seconds), steady state: "
                    + "p50 %.1f ms, p99 %.1f ms%n", metrics.quantile("device_imu_ingest_seconds", 0.5, atWarm) * 1000,
                    metrics.quantile("device_imu_ingest_seconds", 0.99, atWarm) * 1000);
        }
        Map<String, Long> memory = new TreeMap<>();
        memory.put("heap used", (long) metrics.sum("jvm_memory_used_bytes", "area", "heap"));
        memory.put("heap committed", (long) metrics.sum("jvm_memory_committed_bytes", "area", "heap"));
        memory.put("direct", (long) metrics.sum("jvm_buffer_memory_used_bytes", "id", "direct"));
        memory.put("groups", (long) metrics.sum("device_imu_group_batches_count"));
        memory.put("grouped batches", (long) metrics.sum("device_imu_group_batches_sum"));
        return memory;
    }

    /** Resident memory of a process, from /proc. */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }
}
