package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./dev dashboards}: what the Grafana dashboards show, drawn from real figures. A real
 * Prometheus (Debian's {@code prometheus} package) scrapes the four services' {@code /q/metrics}
 * every 5 s, with the labels the ServiceMonitors give in a cluster ({@code namespace}, {@code service},
 * {@code pod}), while {@link DashboardTraffic} runs a working day for {@code --minutes}; then each
 * dashboard's panels are queried over that window, drawn by {@link DashboardPage} and photographed
 * by a headless Chromium into {@code --out} (docs/images/dashboards).
 */
public final class DashboardPreview {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("device-service", "chat-session-service", "job-matching-service",
            "inspection-service");
    private static final String NAMESPACE = "integrity";

    private final BenchArgs args;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String prometheus;

    private DashboardPreview(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] args) throws Exception {
        new DashboardPreview(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        Path work = Path.of(args.get("work", ".dev/dashboards"));
        Path out = Path.of(args.get("out", "docs/images/dashboards"));
        Path dashboards = Path.of(args.get("dashboards", "k8s/components/monitoring/dashboards"));
        int minutes = args.integer("minutes", 8);
        Files.createDirectories(work);
        Files.createDirectories(out);
        Process server = startPrometheus(work);
        try {
            Map<String, String> bases = new LinkedHashMap<>();
            SERVICES.forEach(s -> bases.put(s, args.require(s)));
            waitForTargets();
            Instant start = Instant.now();
            System.out.printf("a working day for %d min on every service; Prometheus at %s%n", minutes, prometheus);
            new DashboardTraffic(bases, args.require("admin-token"), Path.of(args.require("issuer-dir")))
                    .run(Duration.ofMinutes(minutes));
            Thread.sleep(12_000);   // the last scrapes
            Instant end = Instant.now();
            int step = Math.max(5, (int) Duration.between(start, end).toSeconds() / 240);
            Instant[] steps = Stream.iterate(start, t -> !t.isAfter(end), t -> t.plusSeconds(step)).toArray(Instant[]::new);
            try (Stream<Path> files = Files.list(dashboards)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    JsonNode dashboard = JSON.readTree(file.toFile());
                    DashboardPage page = new DashboardPage(dashboard, Map.of("namespace", NAMESPACE), steps);
                    String name = file.getFileName().toString().replace(".json", "");
                    Path html = work.resolve(name + ".html");
                    Files.writeString(html, page.html(source(steps, step)));
                    Path png = out.resolve(name + ".png").toAbsolutePath();
                    screenshot(html.toAbsolutePath(), png, page.height());
                    System.out.printf("%s: %d panels -> %s%s%n", dashboard.path("title").asText(), dashboard.path("panels").size(), png,
                            page.empty().isEmpty() ? "" : "; no data in: " + String.join(", ", page.empty()));
                }
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Prometheus on loopback with the services as static targets, labelled as the ServiceMonitors label them. */
    private Process startPrometheus(Path work) throws IOException {
        int port = args.integer("prometheus-port", 19090);
        prometheus = "http://127.0.0.1:" + port;
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\nscrape_configs:\n");
        for (String service : SERVICES) {
            URI base = URI.create(args.require(service));
            config.append("  - job_name: ").append(service).append("\n    metrics_path: /q/metrics\n    static_configs:\n")
                    .append("      - targets: ['").append(base.getHost()).append(':').append(base.getPort()).append("']\n")
                    .append("        labels: {namespace: ").append(NAMESPACE).append(", service: ").append(service)
                    .append(", pod: ").append(service).append("-0, container: ").append(service).append("}\n");
        }
        Files.writeString(work.resolve("prometheus.yml"), config);
        Path data = work.resolve("prometheus-data");
        deleteRecursively(data);
        ProcessBuilder builder = new ProcessBuilder(args.get("prometheus", "prometheus"), "--config.file=" + work.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1d")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile());
        return builder.start();
    }

    /** Until Prometheus answers and has scraped every service once. */
    private void waitForTargets() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                JsonNode up = query("/api/v1/query?query=" + encode("sum(up{namespace=\"" + NAMESPACE + "\"})"));
                JsonNode result = up.path("data").path("result");
                if (result.size() == 1 && result.get(0).path("value").get(1).asDouble() == SERVICES.size()) {
                    return;
                }
            } catch (java.io.UncheckedIOException notYet) {
                // still starting
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Prometheus did not scrape all four services within 60 s; see its log");
    }

    private DashboardPage.Source source(Instant[] steps, int step) {
        return new DashboardPage.Source() {
            @Override
            public List<Map.Entry<Map<String, String>, double[]>> range(String expr) {
                JsonNode answer = query("/api/v1/query_range?query=" + encode(expr) + "&start=" + steps[0].getEpochSecond()
                        + "&end=" + steps[steps.length - 1].getEpochSecond() + "&step=" + step);
                List<Map.Entry<Map<String, String>, double[]>> series = new ArrayList<>();
                for (JsonNode result : answer.path("data").path("result")) {
                    double[] values = new double[steps.length];
                    Arrays.fill(values, Double.NaN);
                    for (JsonNode point : result.path("values")) {
                        int index = (int) Math.round((point.get(0).asDouble() - steps[0].getEpochSecond()) / step);
                        if (index >= 0 && index < values.length) {
                            values[index] = number(point.get(1).asText());
                        }
                    }
                    series.add(new AbstractMap.SimpleEntry<>(labels(result), values));
                }
                return series;
            }

            @Override
            public List<Map.Entry<Map<String, String>, Double>> instant(String expr) {
                JsonNode answer = query("/api/v1/query?query=" + encode(expr) + "&time=" + steps[steps.length - 1].getEpochSecond());
                List<Map.Entry<Map<String, String>, Double>> values = new ArrayList<>();
                for (JsonNode result : answer.path("data").path("result")) {
                    values.add(new AbstractMap.SimpleEntry<>(labels(result), number(result.path("value").get(1).asText())));
                }
                return values;
            }
        };
    }

    private JsonNode query(String pathAndQuery) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(prometheus + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
                throw new IllegalStateException("Prometheus refused " + pathAndQuery + ": " + response.body());
            }
            return answer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void screenshot(Path html, Path png, int height) throws Exception {
        Path profile = Files.createTempDirectory("dashboard-chromium");
        try {
            Process chromium = new ProcessBuilder(args.get("chromium", "chromium"), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--window-size=" + DashboardPage.WIDTH + "," + height, "--screenshot=" + png, html.toUri().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!chromium.waitFor(60, TimeUnit.SECONDS) || chromium.exitValue() != 0 || !Files.exists(png)) {
                chromium.destroyForcibly();
                throw new IllegalStateException("Chromium did not take the screenshot of " + html);
            }
        } finally {
            deleteRecursively(profile);
        }
    }

    private static Map<String, String> labels(JsonNode result) {
        Map<String, String> labels = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = result.path("metric").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    /** Prometheus writes special values as text: NaN, +Inf, -Inf. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
