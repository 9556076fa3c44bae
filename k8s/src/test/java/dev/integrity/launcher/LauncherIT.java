package dev.integrity.launcher;

import dev.integrity.k8s.MonitoredMetrics;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first Quick start command, as a user runs it: {@code ./dev up} (here with
 * {@code --no-build}, since this module runs after the services are packaged, and on ports of its own
 * so it never meets a running platform) starts PostgreSQL and the four packaged jars, says it is
 * ready, writes a token per role, and the README's curl example answers; Ctrl-C (SIGTERM here) stops
 * everything it started. Runs in this module because it is built after every service.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void devUpStartsThePlatformAsTheReadmeSaysAndStopsIt() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-it-");
        int pgPort = freePort();
        int first = freeRun(4);
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("dev").toString(), "up", "--no-build")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("PLATFORM_") || k.startsWith("DEV_"));
        builder.environment().put("DEV_HOME", home.toString());
        builder.environment().put("DEV_PG_PORT", Integer.toString(pgPort));
        builder.environment().put("DEV_FIRST_PORT", Integer.toString(first));
        builder.environment().put("DEV_JAVA_OPTS", "-Xmx384m");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process launcher = builder.start();
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    if (line.equals("Press Ctrl-C to stop.")) { // printed last, after the tokens
                        ready.complete(true);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.complete(false);
        });
        reader.start();
        try {
            assertTrue(ready.get(240, TimeUnit.SECONDS), () -> "./dev up did not become ready:\n" + String.join("\n", output));
            for (int port = first; port < first + 4; port++) {
                assertEquals(200, get(port, "/q/health/ready", null).statusCode(), "service on port " + port + " is not ready");
            }
            // The README's example, with the token the launcher wrote.
            String token = Files.readString(home.resolve("tokens/chat-user")).strip();
            HttpResponse<String> me = get(first + 1, "/api/chat/users/me", token);
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"subject\":\"dev-chat-user\""), me.body());
            assertEquals(401, get(first + 1, "/api/chat/users/me", null).statusCode());
            // Devices are provisioned in open mode here: an unknown sensor's first batch is stored.
            HttpResponse<String> batch = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first + "/api/devices/launcher-it/imu"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"ts\":\"" + java.time.Instant.now().minusSeconds(60)
                            + "\",\"accX\":0.1,\"accY\":0.2,\"accZ\":9.8,\"gyroX\":0,\"gyroY\":0,\"gyroZ\":0}]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, batch.statusCode(), batch.body());
            everyMetricTheAlertsAndDashboardsReadIsServed(first);
            assertTrue(output.stream().anyMatch(l -> l.contains("PostgreSQL") && l.contains(":" + pgPort + "/")), String.join("\n", output));
        } finally {
            // SIGTERM, which the launcher traps as it does Ctrl-C's SIGINT. Through the handle, since
            // Process.destroy() also closes the pipes, and the launcher would die writing "stopping ...".
            launcher.toHandle().destroy();
            boolean stopped = launcher.waitFor(90, TimeUnit.SECONDS);
            if (!stopped) {
                launcher.destroyForcibly();
            }
            reader.join(10_000);
            assertTrue(stopped, () -> "./dev up did not stop within 90 s:\n" + String.join("\n", output));
        }
        for (int port : new int[] {pgPort, first, first + 1, first + 2, first + 3}) {
            assertFalse(listening(port), "port " + port + " is still open after ./dev up stopped:\n" + String.join("\n", output));
        }
    }

    /**
     * docs/operations.md's promise: every metric an alert or a dashboard panel reads
     * ({@link MonitoredMetrics}) is one the four packaged services serve on /q/metrics, as they
     * start. A request to each service's /api first, so that its HTTP series exist.
     */
    private static void everyMetricTheAlertsAndDashboardsReadIsServed(int first) throws Exception {
        Set<String> served = new TreeSet<>();
        String[] api = {"/api/devices", "/api/chat/users/me", "/api/matching/postings", "/api/aeds"};
        for (int i = 0; i < 4; i++) {
            get(first + i, api[i], null);
            HttpResponse<String> metrics = get(first + i, "/q/metrics", null);
            assertEquals(200, metrics.statusCode());
            metrics.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("[{ ]", 2)[0]).forEach(served::add);
        }
        Set<String> missing = new TreeSet<>(MonitoredMetrics.served());
        missing.removeAll(served);
        assertTrue(missing.isEmpty(), "metrics the alerts or dashboards read that no service serves: " + missing);
    }

    private static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive free ports. */
    private static int freeRun(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20_000 + (int) (Math.random() * 30_000);
            boolean free = true;
            for (int port = first; port < first + n && free; port++) {
                free = !listening(port);
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + n + " consecutive free ports found");
    }
}
