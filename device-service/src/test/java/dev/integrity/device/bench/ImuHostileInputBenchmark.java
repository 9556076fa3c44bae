package dev.integrity.device.bench;

import dev.integrity.device.HostileInput;
import dev.integrity.device.ImuBatchParser;
import dev.integrity.device.Samples;
import dev.integrity.platform.error.ProblemException;
import dev.integrity.platform.testing.BenchArgs;
import dev.integrity.platform.testing.BenchTable;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code ./dev bench hostile}: what hostile input costs. Every parser (JSON, NDJSON, CSV) gets each
 * hostile shape ({@link HostileInput}) and a valid batch of about 1 MB; the CPU each takes (this
 * thread's, by {@link ThreadMXBean}) is divided by its size (at least 64 KB), and the worst hostile CPU per MB is
 * printed against the valid one's. Then each shape is posted to the running device-service, to see
 * the whole path answer it: status and time.
 */
public final class ImuHostileInputBenchmark {

    private record Case(String name, byte[] body, Function<byte[], Object> parser) {
    }

    private static final int SMALLEST = 64 * 1024;

    private final BenchArgs args;
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    private final ImuBatchParser parser = new ImuBatchParser(HostileInput.config());

    private ImuHostileInputBenchmark(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] args) throws Exception {
        new ImuHostileInputBenchmark(new BenchArgs(args)).run();
    }

    private void run() throws Exception {
        Instant now = Instant.now();
        int rounds = args.integer("rounds", 20);
        List<Case> valid = List.of(
                new Case("valid JSON, 6,000 samples", Samples.json(6_000, now.minusSeconds(3600)).getBytes(StandardCharsets.UTF_8), this::json),
                new Case("valid CSV, 10,000 samples", csv(10_000, now).getBytes(StandardCharsets.UTF_8), this::csv));
        List<Case> hostile = new ArrayList<>();
        for (HostileInput.Shape shape : HostileInput.shapes(now)) {
            hostile.add(new Case(shape.name() + " as JSON", shape.body(), this::json));
            hostile.add(new Case(shape.name() + " as NDJSON", shape.body(), this::ndjson));
            hostile.add(new Case(shape.name() + " as CSV", shape.body(), this::csv));
        }
        // The finding of issue 14, at its own size: one cell of 20,000 digits and an x (2.4 s before).
        hostile.add(new Case("CSV cell: 20,000 digits then x", ("ts,accX,accY,accZ,gyroX,gyroY,gyroZ\n" + now.minusSeconds(60) + ","
                + "1".repeat(20_000) + "x,1,1,1,1,1\n").getBytes(StandardCharsets.UTF_8), this::csv));

        for (int warm = 0; warm < 3; warm++) {
            valid.forEach(c -> cpuPerMb(c, 2));
            hostile.forEach(c -> cpuPerMb(c, 2));
        }
        BenchTable table = new BenchTable("input", "bytes", "answer", "CPU ms per call", "CPU ms per MB");
        double validWorst = 0;
        for (Case c : valid) {
            double[] m = cpuPerMb(c, rounds);
            validWorst = Math.max(validWorst, m[1]);
            table.row(c.name(), (long) c.body().length, outcome(c), m[0], m[1]);
        }
        double hostileWorst = 0;
        String worst = "";
        for (Case c : hostile) {
            double[] m = cpuPerMb(c, rounds);
            if (m[1] > hostileWorst) {
                hostileWorst = m[1];
                worst = c.name();
            }
            table.row(c.name(), (long) c.body().length, outcome(c), m[0], m[1]);
        }
        table.print();
        System.out.printf("worst hostile input: %.2f ms of CPU per MB (%s); a valid MB: %.2f ms; ratio %.2f (hostile / valid)%n",
                hostileWorst, worst, validWorst, hostileWorst / validWorst);
        // The reference: the number pattern the CSV parser used before (two adjacent digit runs), on
        // the finding's cell, in this run: quadratic in the cell's length.
        java.util.regex.Pattern before = java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
        for (int digits : new int[]{5_000, 10_000, 20_000}) {
            String cell = "1".repeat(digits) + "x";
            long t0 = cpu.getCurrentThreadCpuTime();
            boolean matched = before.matcher(cell).matches();
            long t1 = cpu.getCurrentThreadCpuTime();
            boolean ours = ImuBatchParser.isDecimal(cell);
            long t2 = cpu.getCurrentThreadCpuTime();
            System.out.printf("a cell of %,d digits then x: the old pattern %.1f ms of CPU (%s), ours %.3f ms (%s)%n",
                    digits, (t1 - t0) / 1e6, matched ? "matched" : "refused", (t2 - t1) / 1e6, ours ? "accepted" : "refused");
        }
        overHttp(hostile);
    }

    /** {CPU ms per call, CPU ms per MB}, over {@code rounds} calls. */
    private double[] cpuPerMb(Case c, int rounds) {
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            try {
                c.parser().apply(c.body());
            } catch (ProblemException refused) {
                // the expected answer to hostile input
            }
        }
        double perCall = (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / rounds;
        // A tiny body costs its fixed price whatever its size: it is charged as 64 KB, not as 44 bytes.
        return new double[]{perCall, perCall / (Math.max(SMALLEST, c.body().length) / 1_048_576.0)};
    }

    private String outcome(Case c) {
        try {
            c.parser().apply(c.body());
            return "stored";
        } catch (ProblemException refused) {
            return String.valueOf(refused.status());
        }
    }

    /** Each hostile shape through the whole HTTP path of the running service: status and wall time. */
    private void overHttp(List<Case> hostile) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = args.require("base");
        BenchTable table = new BenchTable("input over HTTP", "bytes", "status", "ms");
        int worstStatus = 0;
        List<String> wrong = new ArrayList<>();
        for (Case c : hostile) {
            String type = c.name().endsWith("CSV") || c.name().startsWith("CSV") ? "text/csv"
                    : c.name().endsWith("NDJSON") ? "application/x-ndjson" : "application/json";
            long t0 = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/devices/hostile-bench/imu"))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(c.body())).build(),
                    HttpResponse.BodyHandlers.ofString());
            worstStatus = Math.max(worstStatus, answer.statusCode());
            boolean problem = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            if (answer.statusCode() < 400 || answer.statusCode() >= 500 || !problem) {
                wrong.add(c.name() + ": " + answer.statusCode());
            }
            table.row(c.name(), (long) c.body().length, (long) answer.statusCode(), (System.nanoTime() - t0) / 1e6);
        }
        table.print();
        System.out.printf("over HTTP: %d hostile bodies, the highest status %d (every one a 4xx problem)%n", hostile.size(), worstStatus);
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("hostile bodies answered other than with a 4xx problem: " + wrong);
        }
    }

    private Object json(byte[] body) {
        return parser.json(new ByteArrayInputStream(body));
    }

    private Object ndjson(byte[] body) {
        return parser.ndjson(new ByteArrayInputStream(body));
    }

    private Object csv(byte[] body) {
        return parser.csv(new ByteArrayInputStream(body));
    }

    private static String csv(int n, Instant now) {
        StringBuilder out = new StringBuilder("ts,accX,accY,accZ,gyroX,gyroY,gyroZ,magX,magY,magZ\n");
        for (int i = 0; i < n; i++) {
            out.append(now.minusSeconds(3600).plusMillis(10L * i)).append(",0.123456,-0.234567,9.812345,0.012345,0.023456,-0.034567,")
                    .append("21.234,-3.456,40.123\n");
        }
        return out.toString();
    }
}
