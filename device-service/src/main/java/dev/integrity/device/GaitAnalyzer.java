package dev.integrity.device;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts steps by peak detection on the acceleration magnitude, one sample at a time, in constant
 * memory (samples arrive in ts order from a database cursor), and splits them into walking bouts.
 * <ol>
 *   <li>The magnitude is smoothed by a moving average over 50 ms.</li>
 *   <li>A step is one excursion above {@code mean + 0.5 sd}, ended by a fall below the mean
 *       (hysteresis, so noise around one threshold cannot count twice).</li>
 *   <li>Two steps are at least 250 ms apart (at most 240 steps per minute).</li>
 *   <li>A bout is a run of steps each at most {@value #MAX_STEP_GAP_SECONDS} s after the one before.
 *       Stillness ends it (no step for longer), and so does a gap in the samples (none for longer:
 *       the sensor was off or away); a run of fewer than {@value #MIN_BOUT_STEPS} steps is not
 *       walking. A bout lasts from its first step to its last.</li>
 * </ol>
 * Cadence is counted over walking time only: two walks ten minutes apart are two bouts at their own
 * cadence, not one slow walk across the gap. The mean and standard deviation of the range come from
 * the database first.
 */
public final class GaitAnalyzer {

    static final double SMOOTHING_SECONDS = 0.05;
    static final double HIGH_THRESHOLD_SD = 0.5;
    static final long MIN_STEP_INTERVAL_MICROS = 250_000;
    static final int MAX_STEP_GAP_SECONDS = 2;
    static final long MAX_STEP_GAP_MICROS = MAX_STEP_GAP_SECONDS * 1_000_000L;
    static final int MIN_BOUT_STEPS = 4;
    /** Bouts listed in a summary; the totals count every bout. */
    static final int MAX_LISTED_BOUTS = 1000;

    private final double high;
    private final double low;
    private final double[] window;
    private final boolean flat;
    private double windowSum;
    private int filled;
    private int next;
    private boolean above;
    private long lastSampleMicros = Long.MIN_VALUE;
    private long lastStepMicros = Long.MIN_VALUE;
    private int steps;

    private long boutStart;
    private int boutSteps;
    private final List<GaitBout> bouts = new ArrayList<>();
    private int boutCount;
    private long walkingMicros;
    private long walkingIntervals;

    /**
     * @param mean          mean magnitude over the range
     * @param stddev        its population standard deviation
     * @param sampleRateHz  samples per second over the range
     */
    public GaitAnalyzer(double mean, double stddev, double sampleRateHz) {
        this.high = mean + HIGH_THRESHOLD_SD * stddev;
        this.low = mean;
        int width = (int) Math.max(1, Math.round(sampleRateHz * SMOOTHING_SECONDS));
        this.window = new double[width];
        this.flat = stddev <= 0; // a flat signal has no excursions: never count one
        this.above = flat;
    }

    public void accept(long epochMicros, double magnitude) {
        if (lastSampleMicros != Long.MIN_VALUE && epochMicros - lastSampleMicros > MAX_STEP_GAP_MICROS) {
            endBout();
            // After a gap the smoothing starts afresh: the samples before it say nothing about these.
            java.util.Arrays.fill(window, 0);
            windowSum = 0;
            filled = 0;
            next = 0;
            above = flat;
        }
        lastSampleMicros = epochMicros;
        windowSum += magnitude - window[next];
        window[next] = magnitude;
        next = (next + 1) % window.length;
        filled = Math.min(filled + 1, window.length);
        double smoothed = windowSum / filled;
        if (!above && smoothed > high) {
            above = true;
            if (lastStepMicros == Long.MIN_VALUE || epochMicros - lastStepMicros >= MIN_STEP_INTERVAL_MICROS) {
                step(epochMicros);
            }
        } else if (above && smoothed < low && high > low) {
            above = false;
        }
    }

    private void step(long epochMicros) {
        steps++;
        if (boutSteps > 0 && epochMicros - lastStepMicros > MAX_STEP_GAP_MICROS) {
            endBout();
        }
        if (boutSteps == 0) {
            boutStart = epochMicros;
        }
        boutSteps++;
        lastStepMicros = epochMicros;
    }

    private void endBout() {
        if (boutSteps >= MIN_BOUT_STEPS) {
            long duration = lastStepMicros - boutStart;
            boutCount++;
            walkingMicros += duration;
            walkingIntervals += boutSteps - 1;
            if (bouts.size() < MAX_LISTED_BOUTS) {
                bouts.add(new GaitBout(instant(boutStart), instant(lastStepMicros), boutSteps, round(duration / 1e6, 3),
                        round(cadence(boutSteps - 1, duration), 1)));
            }
        }
        boutSteps = 0;
    }

    /** Ends the last bout; call once, after the last sample. */
    public void finish() {
        endBout();
    }

    public int steps() {
        return steps;
    }

    /** The bouts found, in time order, at most {@value #MAX_LISTED_BOUTS}. */
    public List<GaitBout> bouts() {
        return List.copyOf(bouts);
    }

    public int boutCount() {
        return boutCount;
    }

    public double walkingSeconds() {
        return round(walkingMicros / 1e6, 3);
    }

    /** Steps per minute over walking time: the intervals between steps within bouts, over the bouts' duration. */
    public double cadence() {
        return round(cadence(walkingIntervals, walkingMicros), 1);
    }

    private static double cadence(long intervals, long micros) {
        return micros > 0 ? intervals * 60e6 / micros : 0;
    }

    private static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1000L);
    }

    /** {@code value} rounded half up to {@code places} decimals. */
    public static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
