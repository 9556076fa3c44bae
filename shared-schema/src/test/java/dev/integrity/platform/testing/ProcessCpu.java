package dev.integrity.platform.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time (user + system) of named processes, of every PostgreSQL process ({@code postgres}) and
 * of this JVM ({@code generator}), from /proc: what a benchmark's load cost each of them, in cores.
 */
public final class ProcessCpu {

    private static final double TICKS = 100.0;   // USER_HZ on Linux
    private final Map<String, Long> pids;
    private final Map<String, Double> before;

    /** @param pids the processes to follow, by the name the figures give them */
    public ProcessCpu(Map<String, Long> pids) throws IOException {
        this.pids = Map.copyOf(pids);
        this.before = now();
    }

    /** Cores each used since this was made, over {@code elapsedSeconds}. */
    public Map<String, Double> coresSince(double elapsedSeconds) throws IOException {
        Map<String, Double> after = now();
        Map<String, Double> cores = new TreeMap<>();
        after.forEach((who, seconds) -> cores.put(who, (seconds - before.getOrDefault(who, 0.0)) / elapsedSeconds));
        return cores;
    }

    private Map<String, Double> now() throws IOException {
        Map<String, Double> seconds = new TreeMap<>();
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            seconds.put(process.getKey(), cpuSeconds(process.getValue()));
        }
        seconds.put("generator", cpuSeconds(ProcessHandle.current().pid()));
        double postgres = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    if (Files.readString(proc.resolve("comm")).strip().equals("postgres")) {
                        postgres += cpuSeconds(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        // Backends that ended meanwhile took their time with them; cumulative children time covers them.
        seconds.put("postgres", postgres);
        return seconds;
    }

    private static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime, stime, cutime, cstime are fields 14-17 of stat; after the command they are 12-15 (0-based 11-14).
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13]) + Long.parseLong(fields[14]))
                / TICKS;
    }
}
