package dev.integrity.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrity.platform.security.Roles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A working day of the platform in a few minutes, for the dashboards to show (issue 16): all four
 * services at once, at modest rates, with what the seeds watch for mixed in. Sensors send batches,
 * a few resent (duplicates), malformed or outside the window (refused), and new devices keep
 * appearing (provisioned); a chatbot starts sessions and appends, signed-in people end and delete
 * their own (the cascade); a crawler sends cover letters, some copied and some rewritten, and an
 * operator runs dedup and decides candidates; inspectors start sessions and book schedules, some
 * colliding (409s); and the maintenance jobs run now and then through {@code /admin}. Every status
 * is counted and printed; nothing here asserts: {@link DashboardPreview} shows what it made.
 */
final class DashboardTraffic {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Sentences cover letters are made of, with words drawn for each letter: two letters share about
     * half their trigrams (far below review), a letter with one sentence rewritten 0.75-0.97 (a
     * review candidate, or a merge).
     */
    private static final List<String> SENTENCES = List.of(
            "I %1$s the %2$s service at my last company, moving it onto %3$s over %4$s months.",
            "Before that I spent %4$s years on the %2$s team, where I %1$s our %3$s setup.",
            "I mentored %4$s engineers while we %1$s the %2$s pipeline.",
            "Our %2$s incidents fell sharply after I %1$s the runbooks and added %3$s alerts.",
            "I enjoy explaining trade-offs in %2$s work to product managers in plain words.",
            "Outside work I maintain a small %3$s library for %2$s data.",
            "I measure before I optimise, which is how I %1$s our %2$s queries on %3$s.",
            "In my spare time I teach %4$s students the basics of %3$s.");
    private static final List<String> VERBS = List.of("rebuilt", "designed", "migrated", "scaled", "simplified", "instrumented",
            "hardened", "documented");
    private static final List<String> NOUNS = List.of("billing", "telemetry", "search", "checkout", "payments", "logistics", "routing",
            "inventory", "notifications", "analytics", "identity", "scheduling");
    private static final List<String> TOOLS = List.of("PostgreSQL", "Kafka", "Kubernetes", "Redis", "Quarkus", "Terraform", "Prometheus",
            "gRPC");
    private static final List<String> NUMBERS = List.of("two", "three", "four", "five", "six", "seven", "eight", "nine");

    private final Map<String, String> bases;
    private final String adminToken;
    private final Path issuerDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Random random = new Random(17);
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    DashboardTraffic(Map<String, String> bases, String adminToken, Path issuerDir) {
        this.bases = bases;
        this.adminToken = adminToken;
        this.issuerDir = issuerDir;
    }

    /** Runs every service's day for {@code duration}, then prints the statuses each path got. */
    void run(Duration duration) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> days = new ArrayList<>();
            days.add(threads.submit(() -> every(Duration.ofMillis(100), this::sensors)));
            days.add(threads.submit(() -> every(Duration.ofMillis(100), chat())));
            days.add(threads.submit(() -> every(Duration.ofMillis(300), matching())));
            days.add(threads.submit(() -> every(Duration.ofMillis(200), inspection())));
            days.add(threads.submit(() -> every(Duration.ofSeconds(90), this::jobs)));
            Thread.sleep(duration.toMillis());
            stopped.countDown();
            for (Future<?> day : days) {
                day.get();
            }
        } finally {
            threads.shutdownNow();
        }
        BenchTable table = new BenchTable("service path", "status", "answers");
        statuses.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> table.row(e.getKey().substring(0, e.getKey().lastIndexOf(' ')),
                        e.getKey().substring(e.getKey().lastIndexOf(' ') + 1), e.getValue().get()));
        table.print();
    }

    private interface Step {
        void run(long tick) throws Exception;
    }

    private Void every(Duration period, Step step) throws Exception {
        long tick = 0;
        long next = System.nanoTime();
        while (stopped.getCount() > 0) {
            try {
                step.run(tick++);
            } catch (java.io.IOException e) {
                count("transport", e.getClass().getSimpleName());
            }
            next += period.toNanos();
            if (stopped.await(Math.max(0, next - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        return null;
    }

    // --- device-service: sensors (open provisioning, as the launcher runs it) ---

    private final Map<Integer, Instant> deviceClock = new ConcurrentHashMap<>();
    private volatile String lastBatch = "";
    private volatile String lastBatchPath = "";

    private void sensors(long tick) throws Exception {
        int devices = 20 + (int) (tick / 150);   // a new device every 15 s: provisioned on its first batch
        int device = (int) (tick % devices);
        String path = "/api/devices/dash-" + device + "/imu";
        if (tick % 29 == 7) {
            send("device-service", "POST", lastBatchPath, null, lastBatch, "imu (resent)");
        } else if (tick % 37 == 11) {
            send("device-service", "POST", path, null, "[{\"ts\":\"not a time\",\"accX\":1}]", "imu (malformed)");
        } else if (tick % 53 == 13) {
            send("device-service", "POST", path, null, imu(Instant.now().plus(3, ChronoUnit.DAYS), 5), "imu (future)");
        } else {
            Instant start = deviceClock.merge(device, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    (before, now) -> before.plusMillis(500).isAfter(now) ? before.plusMillis(500) : now);
            lastBatch = imu(start, 50);
            lastBatchPath = path;
            send("device-service", "POST", path, null, lastBatch, "imu");
        }
        if (tick % 50 == 0) {
            send("device-service", "GET", "/api/devices?size=50", Roles.DEVICE_OPERATOR, null, "devices list");
        }
    }

    private static String imu(Instant start, int samples) {
        StringBuilder out = new StringBuilder(samples * 190).append('[');
        for (int k = 0; k < samples; k++) {
            out.append(k > 0 ? "," : "").append("{\"ts\":\"").append(start.plusMillis(10L * k))
                    .append("\",\"accX\":0.12,\"accY\":-0.4,\"accZ\":").append(9.6 + (k % 7) * 0.1)
                    .append(",\"gyroX\":0.01,\"gyroY\":0.02,\"gyroZ\":-0.01,\"magX\":21.5,\"magY\":-3.2,\"magZ\":40.1}");
        }
        return out.append(']').toString();
    }

    // --- chat-session-service: the chatbot's backend, and people with their own sessions ---

    private Step chat() {
        List<Integer> users = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        return tick -> {
            if (users.size() < 20) {
                field("id", send("chat-session-service", "POST", "/api/chat/users", Roles.CHAT_BACKEND,
                        "{\"name\":\"dashboard user " + users.size() + "\"}", "users")).ifPresent(id -> users.add(Integer.parseInt(id)));
                return;
            }
            if (tick % 4 == 0 || sessions.isEmpty()) {
                field("sessionId", send("chat-session-service", "POST", "/api/chat/sessions", Roles.CHAT_BACKEND,
                        "{\"userId\":" + users.get((int) (tick % users.size())) + ",\"sessionType\":\"chat\"}", "sessions"))
                        .ifPresent(sessions::add);
            } else {
                String session = sessions.get(random.nextInt(sessions.size()));
                send("chat-session-service", "POST", "/api/chat/sessions/" + session + "/conversations", Roles.CHAT_BACKEND,
                        "{\"inputText\":\"가까운 약국이 어디에 있나요?\",\"responseText\":\"200 m 앞 왼쪽에 있어요.\"}", "conversations");
            }
            if (tick % 25 == 5 && sessions.size() > 10) {
                send("chat-session-service", "POST", "/api/chat/sessions/" + sessions.remove(0) + "/end", Roles.CHAT_BACKEND, "",
                        "end (backend)");
            }
            if (tick % 40 == 20) {
                person(tick / 40);
            }
        };
    }

    /** A signed-in person: their own user, a session of theirs, a message, the end, and the delete. */
    private void person(long n) throws Exception {
        String who = "user:dashboard-person-" + (n % 6);
        send("chat-session-service", "GET", "/api/chat/users/me", who, null, "users/me");
        java.util.Optional<String> session = field("sessionId", send("chat-session-service", "POST", "/api/chat/sessions", who,
                "{\"sessionType\":\"chat\"}", "sessions (person)"));
        if (session.isEmpty()) {
            return;
        }
        String path = "/api/chat/sessions/" + session.get();
        send("chat-session-service", "POST", path + "/conversations", who, "{\"inputText\":\"영업시간이 언제예요?\"}", "conversations (person)");
        send("chat-session-service", "POST", path + "/end", who, "", "end (person)");
        if (n % 2 == 0) {
            send("chat-session-service", "DELETE", path, who, null, "delete (person)");
        }
    }

    // --- job-matching-service: a crawler, copies and rewrites among its letters, and an operator ---

    private Step matching() {
        return tick -> {
            long letter = tick;
            String company = "Company " + (letter % 40);
            String body = letter(letter);
            if (tick % 7 == 3) {
                body = letter(letter - 3);   // an exact copy under another URL: same fingerprint
                company = "Company " + ((letter - 3) % 40);
            } else if (tick % 9 == 4) {
                body = rewritten(letter - 5);   // one sentence of six rewritten: a candidate for review, or a merge
                company = "Company " + ((letter - 5) % 40);
            }
            send("job-matching-service", "POST", "/api/matching/cover-letters", Roles.MATCHING_CRAWLER,
                    "{\"url\":\"https://letters.example/dash/" + tick + "\",\"title\":\"Backend engineer\",\"company\":\"" + company
                            + "\",\"position\":\"Engineer\",\"content\":\"" + body + "\"}", "cover-letters");
            if (tick % 150 == 149) {   // every 45 s: a run that merges, then a reviewer's decisions
                send("job-matching-service", "POST", "/api/matching/dedup/runs", Roles.MATCHING_OPERATOR,
                        "{\"target\":\"all\",\"dryRun\":false}", "dedup run");
                JsonNode pending = json(send("job-matching-service", "GET",
                        "/api/matching/dedup/candidates?status=pending&size=4", Roles.MATCHING_OPERATOR, null, "candidates"));
                int decided = 0;
                for (JsonNode candidate : pending.path("items")) {
                    send("job-matching-service", "POST", "/api/matching/dedup/candidates/" + candidate.path("id").asLong()
                            + (decided++ % 2 == 0 ? "/merge" : "/dismiss"), Roles.MATCHING_OPERATOR, "", "decide");
                }
            }
        };
    }

    /** Letter {@code n}: six sentences with words of its own. */
    private static String letter(long n) {
        return letter(n, -1);
    }

    /** Letter {@code n} with its third sentence written anew. */
    private static String rewritten(long n) {
        return letter(n, 2);
    }

    private static String letter(long n, int rewrite) {
        Random words = new Random(n);
        Random other = new Random(n * 7919 + 1);
        StringBuilder out = new StringBuilder("Dear hiring team, this is letter ").append(Math.abs(n)).append(". ");
        for (int i = 0; i < 6; i++) {
            String sentence = sentence(words);
            out.append(i == rewrite ? sentence(other) : sentence).append(' ');
        }
        return out.append("Kind regards.").toString();
    }

    private static String sentence(Random words) {
        return String.format(SENTENCES.get(words.nextInt(SENTENCES.size())), VERBS.get(words.nextInt(VERBS.size())),
                NOUNS.get(words.nextInt(NOUNS.size())), TOOLS.get(words.nextInt(TOOLS.size())), NUMBERS.get(words.nextInt(NUMBERS.size())));
    }

    // --- inspection-service: inspectors and a manager; some starts and bookings collide ---

    private Step inspection() {
        List<String> serials = new ArrayList<>();
        List<Long> aeds = new ArrayList<>();
        List<String> open = new ArrayList<>();
        Instant day = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        return tick -> {
            if (aeds.size() < 60) {
                String serial = "DASH-" + aeds.size() + "-" + Long.toHexString(System.nanoTime());
                field("id", send("inspection-service", "POST", "/api/aeds", Roles.INSPECTION_MANAGER,
                        "{\"equipmentSerial\":\"" + serial + "\"}", "aeds")).ifPresent(id -> {
                            aeds.add(Long.parseLong(id));
                            serials.add(serial);
                        });
                return;
            }
            int aed = random.nextInt(aeds.size());
            if (tick % 4 < 2) {   // starts outpace completions: a busy AED's second start is a 409
                field("id", send("inspection-service", "POST", "/api/inspections/sessions", Roles.INSPECTOR,
                        "{\"equipmentSerial\":\"" + serials.get(aed) + "\"}", "sessions start")).ifPresent(open::add);
            } else if (tick % 4 == 2 && !open.isEmpty()) {
                String session = open.remove(random.nextInt(open.size()));
                if (random.nextInt(5) == 0) {
                    send("inspection-service", "POST", "/api/inspections/sessions/" + session + "/cancel", Roles.INSPECTOR,
                            "{\"reason\":\"battery missing\"}", "sessions cancel");
                } else {
                    send("inspection-service", "POST", "/api/inspections/sessions/" + session + "/complete", Roles.INSPECTOR,
                            "{\"result\":{\"battery\":\"ok\",\"pads\":\"ok\"}}", "sessions complete");
                }
            } else if (tick % 4 == 3) {   // a booking on a 20-minute grid: a neighbour within 30 minutes is a 409
                Instant at = day.plus(tick / 4 % 500 * 20, ChronoUnit.MINUTES);
                send("inspection-service", "POST", "/api/schedules", Roles.INSPECTION_MANAGER,
                        "{\"aedDataId\":" + aeds.get(aed) + ",\"scheduledFor\":\"" + at + "\"}", "schedules");
            }
        };
    }

    // --- the maintenance jobs, as the CronJobs call them ---

    private static final Map<String, List<String>> JOBS = Map.of(
            "device-service", List.of("imu-partition-premake", "imu-retention"),
            "chat-session-service", List.of("chat-partition-premake", "chat-inactive-sessions", "chat-session-retention",
                    "chat-recent-conversations-refresh"),
            "job-matching-service", List.of("matching-nightly-pipeline"),
            "inspection-service", List.of("inspection-abandoned-sessions", "inspection-duplicate-cleanup"));

    private void jobs(long tick) throws Exception {
        for (Map.Entry<String, List<String>> service : JOBS.entrySet()) {
            for (String job : service.getValue()) {
                send(service.getKey(), "POST", "/admin/jobs/" + job + "/run", "admin", "", "job " + job);
            }
        }
    }

    // --- HTTP ---

    /**
     * One request as {@code caller}: a role (a token of its own), {@code user:SUBJECT} (a chat user
     * of that subject), {@code inspector} (an inspector), {@code admin} (the admin token)
     * or null; counts the status under {@code label} and returns the body.
     */
    private String send(String service, String method, String path, String caller, String body, String label) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bases.get(service) + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (caller != null) {
            request.header("Authorization", "Bearer " + token(caller));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        count(service.replace("-service", "") + " " + label, Integer.toString(response.statusCode()));
        return response.body();
    }

    private String token(String caller) {
        if (caller.equals("admin")) {
            return adminToken;
        }
        return tokens.computeIfAbsent(caller, k -> {
            try {
                if (k.startsWith("user:")) {
                    return DevIssuer.token(issuerDir, k.substring(5), Set.of(Roles.CHAT_USER), Duration.ofHours(2));
                }
                return DevIssuer.token(issuerDir, "dashboard-" + k, Set.of(k), Duration.ofHours(2));
            } catch (Exception e) {
                throw new IllegalStateException("could not sign a token for " + k, e);
            }
        });
    }

    private void count(String label, String status) {
        statuses.computeIfAbsent(label + " " + status, k -> new AtomicLong()).incrementAndGet();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return JSON.missingNode();
        }
    }

    /** A top-level field of a JSON answer (none for a problem, or anything that is not JSON). */
    private static java.util.Optional<String> field(String name, String body) {
        JsonNode value = json(body).path(name);
        return value.isValueNode() ? java.util.Optional.of(value.asText()) : java.util.Optional.empty();
    }
}
