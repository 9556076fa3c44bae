package dev.integrity.platform.testing;

import java.util.Arrays;

/** Latencies of one benchmark phase, recorded from many threads, read as percentiles. */
public final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    public synchronized void record(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    /** Adds every latency {@code other} recorded (a benchmark pooling its rounds). */
    public void addAll(Latencies other) {
        long[] theirs;
        int n;
        synchronized (other) {
            theirs = other.nanos;
            n = other.size;
        }
        for (int i = 0; i < n; i++) {
            record(theirs[i]);
        }
    }

    public synchronized int count() {
        return size;
    }

    /** The p-th percentile (0-100) in milliseconds, by the nearest-rank method. */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    /** The median of per-round figures (a round's p99, say): a stall of the machine lands in one round, not in the median. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
